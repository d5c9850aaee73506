// One small typed request/response + event helper, used over worker IPC and webview
// postMessage alike (after vscode-hexeditor's shared/protocol.ts). Both sides declare what
// they serve and what they emit as validators; everything that arrives is validated before a
// handler sees it, and anything malformed is reported through `onInvalid` and dropped.
import { check, Infer, int, literal, obj, opt, str, unknownValue, Validator } from '../core/validate';

export interface MethodSpec<P = unknown, R = unknown> {
  params: Validator<P>;
  result: Validator<R>;
}
export type Methods = Record<string, MethodSpec>;
export type Events = Record<string, Validator<unknown>>;

/** What one side of a connection offers: the requests it answers and the events it emits. */
export interface SideSpec<M extends Methods, E extends Events> {
  methods: M;
  events: E;
}

export type ParamsOf<M extends Methods, K extends keyof M> = Infer<M[K]['params']>;
export type ResultOf<M extends Methods, K extends keyof M> = Infer<M[K]['result']>;
export type EventOf<E extends Events, K extends keyof E> = Infer<E[K]>;

/** Carries opaque JSON values; worker IPC (`process.send`) and webview `postMessage` both fit. */
export interface Transport {
  send(message: unknown): void;
  /** Returns a function that removes the listener. */
  onMessage(listener: (message: unknown) => void): () => void;
}

const envelopeValidator = obj({
  rpc: literal(1),
  kind: literal('request', 'response', 'event'),
  id: opt(int),
  name: opt(str),
  data: opt(unknownValue),
  error: opt(str),
});

export class RpcError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RpcError';
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  result: Validator<unknown>;
  name: string;
}

/**
 * One end of a connection. `Local` is what this end serves/emits, `Remote` what the other end
 * serves/emits.
 */
export class RpcEndpoint<LM extends Methods, LE extends Events, RM extends Methods, RE extends Events> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly handlers = new Map<string, (params: unknown) => unknown>();
  private readonly listeners = new Map<string, Set<(data: unknown) => void>>();
  private readonly unsubscribe: () => void;
  private closedReason: string | undefined;

  constructor(
    private readonly local: SideSpec<LM, LE>,
    private readonly remote: SideSpec<RM, RE>,
    private readonly transport: Transport,
    /** Called with a readable reason for every message that was dropped. */
    private readonly onInvalid: (reason: string) => void = () => undefined,
  ) {
    this.unsubscribe = transport.onMessage((m) => this.receive(m));
  }

  request<K extends keyof RM & string>(name: K, params: ParamsOf<RM, K>): Promise<ResultOf<RM, K>> {
    if (this.closedReason !== undefined) return Promise.reject(new RpcError(this.closedReason));
    const id = this.nextId++;
    return new Promise<ResultOf<RM, K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, result: this.remote.methods[name].result, name });
      try {
        this.transport.send({ rpc: 1, kind: 'request', id, name, data: params });
      } catch (e) {
        this.pending.delete(id);
        reject(e instanceof Error ? e : new RpcError(String(e)));
      }
    });
  }

  serve<K extends keyof LM & string>(name: K, handler: (params: ParamsOf<LM, K>) => ResultOf<LM, K> | Promise<ResultOf<LM, K>>): void {
    this.handlers.set(name, handler as (p: unknown) => unknown);
  }

  emit<K extends keyof LE & string>(name: K, data: EventOf<LE, K>): void {
    if (this.closedReason !== undefined) return;
    this.transport.send({ rpc: 1, kind: 'event', name, data });
  }

  on<K extends keyof RE & string>(name: K, listener: (data: EventOf<RE, K>) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    const l = listener as (d: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  }

  /** Rejects every pending request (e.g. the worker exited) and stops listening. */
  close(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    this.unsubscribe();
    for (const p of this.pending.values()) p.reject(new RpcError(reason));
    this.pending.clear();
  }

  private receive(message: unknown): void {
    const env = check(envelopeValidator, message);
    if (!env.ok) return this.onInvalid(`not an rpc message (${env.error})`);
    const { kind, id, name, data, error } = env.value;
    if (kind === 'response') {
      const p = id === undefined ? undefined : this.pending.get(id);
      if (!p) return this.onInvalid(`response to unknown request ${id}`);
      this.pending.delete(id as number);
      if (error !== undefined) return p.reject(new RpcError(error));
      const result = check(p.result, data, `${p.name}.result`);
      return result.ok ? p.resolve(result.value) : p.reject(new RpcError(result.error));
    }
    if (name === undefined) return this.onInvalid(`${kind} without a name`);
    if (kind === 'event') {
      if (!Object.prototype.hasOwnProperty.call(this.remote.events, name)) return this.onInvalid(`unknown event "${name}"`);
      const ev = check(this.remote.events[name], data, name);
      if (!ev.ok) return this.onInvalid(`event dropped: ${ev.error}`);
      for (const l of this.listeners.get(name) ?? []) l(ev.value);
      return;
    }
    void this.answer(id, name, data);
  }

  private async answer(id: number | undefined, name: string, data: unknown): Promise<void> {
    if (id === undefined) return this.onInvalid(`request "${name}" without an id`);
    const reply = (payload: { data?: unknown; error?: string }) => {
      if (this.closedReason === undefined) this.transport.send({ rpc: 1, kind: 'response', id, ...payload });
    };
    const spec = Object.prototype.hasOwnProperty.call(this.local.methods, name) ? this.local.methods[name] : undefined;
    const handler = this.handlers.get(name);
    if (!spec || !handler) {
      this.onInvalid(`unknown request "${name}"`);
      return reply({ error: `unknown request "${name}"` });
    }
    const params = check(spec.params, data, name);
    if (!params.ok) {
      this.onInvalid(`request dropped: ${params.error}`);
      return reply({ error: params.error });
    }
    try {
      reply({ data: await handler(params.value) });
    } catch (e) {
      reply({ error: e instanceof Error ? e.message : String(e) });
    }
  }
}

// The webview's side of the connection: acquireVsCodeApi (callable once), the RPC endpoint
// over postMessage, and the state VS Code keeps for the serializer.
import { RpcEndpoint, Transport } from '../src/protocol/rpc';
import { hostSideForWebview, HostSideForWebview, PanelState, webviewSide, WebviewSide } from '../src/protocol/webviewProtocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

const transport: Transport = {
  send: (m) => api.postMessage(m),
  onMessage: (listener) => {
    const l = (e: MessageEvent) => listener(e.data);
    window.addEventListener('message', l);
    return () => window.removeEventListener('message', l);
  },
};

export type WebviewEndpoint = RpcEndpoint<WebviewSide['methods'], WebviewSide['events'], HostSideForWebview['methods'], HostSideForWebview['events']>;

export const host: WebviewEndpoint = new RpcEndpoint(webviewSide, hostSideForWebview, transport, (reason) => console.warn(`NAS panel: dropped a message from the host: ${reason}`));

export function loadState(): PanelState {
  const s = api.getState();
  return typeof s === 'object' && s !== null ? (s as PanelState) : {};
}

export function saveState(patch: PanelState): void {
  api.setState({ ...loadState(), ...patch });
}

import type { SourceLocation } from './types';

/**
 * A problem with a search space, with the place in the user's file when it is known.
 * Front ends print it as `file:line:column: message`, never as a stack trace.
 */
export class SpaceError extends Error {
  constructor(
    message: string,
    public loc?: SourceLocation,
  ) {
    super(message);
    this.name = 'SpaceError';
  }

  /** `file:line:column: message`, or just the message when the place is unknown. */
  format(): string {
    return this.loc ? `${formatLocation(this.loc)}: ${this.message}` : this.message;
  }
}

export function formatLocation(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}

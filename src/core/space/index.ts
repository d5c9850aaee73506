export { CompiledSearchSpace, MAX_REJECTIONS, type Predicate } from './space';
export { SpaceError, formatLocation } from './errors';
export type { SearchSpace } from './searchSpace';
export type * from './types';

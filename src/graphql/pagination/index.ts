export {
  ConnectionArgs,
  DEFAULT_PAGE_SIZE,
  MAX_CURSOR_LENGTH,
  MAX_PAGE_SIZE,
} from './connection.args';
export { connectionFromArray } from './connection-array';
export { Connection } from './connection.type';
export type { ConnectionResult, Edge } from './connection.type';
export { decodeCursor, encodeCursor } from './cursor';
export { filterKey } from './filter-key';
export type { CursorArgument, CursorValue } from './cursor';
export { paginate, paginateSql } from './paginate';
export type { PaginateOptions, SortKey, SqlPageQuery } from './paginate';
export { PageInfo } from './page-info.type';
export { aliasColumns, FieldSelection } from './node-selection';

/**
 * Components for Lambda-backed API Gateway routes whose permissions are exactly scoped resource
 * policies (no IAM roles): the REST, HTTP and WebSocket APIs, and the permissions alone for an API defined
 * elsewhere.
 */
export { LambdaRestApi } from "./lambdaRestApi";
export type { LambdaRestApiArgs } from "./lambdaRestApi";
export { LambdaHttpApi } from "./lambdaHttpApi";
export type { LambdaHttpApiArgs } from "./lambdaHttpApi";
export { LambdaWebSocketApi } from "./lambdaWebSocketApi";
export type { LambdaWebSocketApiArgs, WebSocketAuthorizer, WebSocketRoute } from "./lambdaWebSocketApi";
export { ApiType, LambdaApiPermissions } from "./lambdaApiPermissions";
export type { LambdaApiPermissionsArgs, PermissionAuthorizer, PermissionRoute } from "./lambdaApiPermissions";
export { RestAuthorizerType } from "./args";
export type { HttpAuthorizer, HttpRoute, LambdaTarget, PermissionInfo, RestAuthorizer, RestRoute } from "./args";
export { PermissionScope } from "../core/permissionPlan";

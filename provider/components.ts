/**
 * The components this provider serves, in one list: `index.ts` exports exactly these (what the
 * schema is inferred from), and `main.ts` constructs them. A test checks that both agree.
 */
import { LambdaApiPermissions, LambdaHttpApi, LambdaRestApi, LambdaWebSocketApi } from "../components";

export const COMPONENTS = [LambdaRestApi, LambdaHttpApi, LambdaApiPermissions, LambdaWebSocketApi] as const;

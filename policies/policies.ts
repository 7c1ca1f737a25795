/**
 * The pack's policies, listed explicitly (no side-effect registration). Tests import this list;
 * only `index.ts` constructs the PolicyPack (one per process, and it starts serving at once).
 */
import type { Policies } from "@pulumi/policy";
import { invokeViaResourcePolicy } from "./invokeViaResourcePolicy";
import { permissionForRoute } from "./permissionForRoute";
import { permissionScoped } from "./permissionScoped";

export const policies: Policies = [invokeViaResourcePolicy, permissionForRoute, permissionScoped];

/**
 * Runs a Pulumi program under `pulumi.runtime.setMocks` and records every resource it registers,
 * in the shape the engine harness uses (engine/types.ts EngineResource): urn, type, name, inputs,
 * outputs, parent, dependencies and propertyDependencies. Feed `resources` to the policy pack.
 *
 * - `inputs` are the registration's property struct as the engine receives it: at preview an
 *   unknown value is the marker string `04da6b54-...`, a secret or resource reference its
 *   signature object.
 * - `outputs` are the inputs plus what AWS would compute (ids, ARNs, URLs: see fakeAws.ts); at
 *   preview every computed output is the unknown marker, as on a first preview.
 * - `warnings` collects what the program logged with pulumi.log.warn (under mocks it has no engine
 *   to send them to).
 *
 * @example
 * const run = await recordProgram(() => new LambdaHttpApi("shop", { routes: [...] }));
 * run.resources.filter((r) => r.type === "aws:lambda/permission:Permission");
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_ACCOUNT, FakeAccount, fakeOutputs } from "./fakeAws";

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface RecordedResource {
    urn: string;
    type: string;
    name: string;
    /** True for provider (custom) resources, false for components. */
    custom: boolean;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    parent?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
}

export interface RecordOptions {
    /** Run as a preview: computed outputs are unknown. @default false */
    preview?: boolean;
    /** Partition, region and account the fake AWS computes ARNs in. @default aws, us-east-1, 123456789012 */
    account?: FakeAccount;
    project?: string;
    stack?: string;
}

export interface RecordedRun<T> {
    /** What `program` returned. */
    result: T;
    /** Every registered resource, in registration order. */
    resources: RecordedResource[];
    warnings: string[];
}

/** The settings module holds waitForRPCs, which the public typings leave out. */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const settings: { waitForRPCs(): Promise<void> } = require("@pulumi/pulumi/runtime/settings");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const state: { getStore(): { leakCandidates: Set<unknown> } } = require("@pulumi/pulumi/runtime/state");

/**
 * Runs `program` (which may return outputs: they are awaited) and returns every resource it
 * registered once all registrations have finished. Rejects with the program's first error,
 * thrown at once or raised later in an output (as a real program would exit with it).
 */
export async function recordProgram<T>(program: () => T, options: RecordOptions = {}): Promise<RecordedRun<pulumi.Unwrap<T>>> {
    const run = await runRecorded(program, options);
    if (run.error !== undefined) {
        throw run.error;
    }
    return run as RecordedRun<pulumi.Unwrap<T>>;
}

/** Runs a program that must fail: its error and what it had registered when it failed. */
export async function recordFailure(program: () => unknown, options: RecordOptions = {}): Promise<{ error: unknown; resources: RecordedResource[] }> {
    const run = await runRecorded(program, options);
    if (run.error === undefined) {
        throw new Error(`expected the program to fail; it registered ${run.resources.map((r) => r.name).join(", ")}`);
    }
    return { error: run.error, resources: run.resources };
}

async function runRecorded<T>(program: () => T, options: RecordOptions): Promise<RecordedRun<pulumi.Unwrap<T> | undefined> & { error?: unknown }> {
    const account = options.account ?? DEFAULT_ACCOUNT;
    const preview = options.preview ?? false;
    const resources: RecordedResource[] = [];
    const outputsByKey = new Map<string, Record<string, unknown>>();

    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                const { id, computed } = fakeOutputs(account, args.type, args.name, args.inputs);
                const key = `${args.type}::${args.name}`;
                const unknownComputed = Object.fromEntries(Object.keys(computed).map((k) => [k, UNKNOWN]));
                outputsByKey.set(key, preview ? unknownComputed : computed);
                return { id: preview ? undefined : id, state: preview ? { ...args.inputs } : { ...args.inputs, ...computed } };
            },
            call(args) {
                return args.inputs;
            },
        },
        options.project ?? "project",
        options.stack ?? "stack",
        preview,
    );
    const monitor = pulumi.runtime.getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: unknown, resp: any) => void) => {
        const inputs = (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
            propertyDependencies[key] = deps.getUrnsList();
        });
        register(req, (err: unknown, resp: any) => {
            if (!err && resp) {
                const type: string = req.getType();
                const name: string = req.getName();
                const computed = outputsByKey.get(`${type}::${name}`) ?? {};
                resources.push({
                    urn: resp.getUrn(),
                    type,
                    name,
                    custom: req.getCustom(),
                    inputs,
                    outputs: req.getCustom() ? { ...inputs, ...computed, id: preview ? UNKNOWN : resp.getId() } : {},
                    parent: req.getParent() || undefined,
                    dependencies: req.getDependenciesList(),
                    propertyDependencies,
                });
            }
            callback(err, resp);
        });
    };

    const warnings: string[] = [];
    const originalWarn = console.warn;
    console.warn = (...args: unknown[]) => {
        warnings.push(args.map(String).join(" ").replace(/^warning: \[runtime\] /, ""));
    };
    // An error raised inside an output (a check that needs a value known only later) surfaces as
    // an unhandled rejection, which ends a real program; registrations that waited on it never end.
    let failed: (e: unknown) => void = () => undefined;
    const failure = new Promise<never>((_, reject) => (failed = reject));
    failure.catch(() => undefined);
    const onRejection = (reason: unknown) => failed(reason);
    process.on("unhandledRejection", onRejection);
    try {
        const out = pulumi.output(program() as pulumi.Input<T>);
        await Promise.race([settings.waitForRPCs(), failure]);
        // At preview the result may be unknown: apply would never run, so only read it when known.
        const known = preview ? await (out as any).isKnown : true;
        const result = known ? await Promise.race([new Promise<pulumi.Unwrap<T>>((resolve) => out.apply((v) => resolve(v as pulumi.Unwrap<T>))), failure]) : undefined;
        await Promise.race([settings.waitForRPCs(), failure]);
        return { result, resources, warnings };
    } catch (error) {
        // The registrations that waited on the failure stay pending for good, as they would in a
        // real program that exits; they are not leaks to report at the end of the test run.
        // Registrations already sent finish first, so a test sees all that the program created.
        await Promise.race([settings.waitForRPCs(), new Promise((resolve) => setTimeout(resolve, 200))]);
        state.getStore().leakCandidates.clear();
        return { result: undefined, resources, warnings, error };
    } finally {
        process.off("unhandledRejection", onRejection);
        console.warn = originalWarn;
    }
}

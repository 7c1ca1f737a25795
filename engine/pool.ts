/**
 * Long-lived policy pack processes that serve many stacks, one stack at a time each: a process is
 * started for the first stack that needs one and reused for the next, with ConfigureStack and
 * Configure sent again for every stack (runOnSession), which replaces all of the previous stack's
 * state in @pulumi/policy (its stack tags and policy config). The stack name, which a spawned pack
 * otherwise reads from PULUMI_NODEJS_STACK, is sent as the stack tag STACK_NAME_TAG. A process that
 * fails a stack is stopped, never reused.
 *
 * @example
 * const pool = new SessionPool(packDir);
 * try { await pool.run({ stack, resources }); } finally { await pool.close(); }
 */
import { STACK_NAME_TAG } from "../core/stackTag";
import { runOnSession, type RunResult, type StackRun } from "./run";
import { PolicyPackSession } from "./session";

export class SessionPool {
    private readonly idle: PolicyPackSession[] = [];
    private readonly all = new Set<PolicyPackSession>();

    constructor(private readonly packDir: string) {}

    /** Runs the pack over one stack on an idle process, or a new one when none is idle. */
    async run(run: StackRun): Promise<RunResult> {
        const session = this.idle.pop() ?? (await this.start(run));
        const stack = { ...run.stack, tags: { ...(run.stack.tags ?? {}), [STACK_NAME_TAG]: run.stack.stack } };
        try {
            const result = await runOnSession(session, { ...run, stack });
            this.idle.push(session);
            return result;
        } catch (err) {
            this.all.delete(session);
            await session.close().catch(() => undefined);
            throw err;
        }
    }

    /** Stops every process of the pool. */
    async close(): Promise<void> {
        const sessions = [...this.all];
        this.all.clear();
        this.idle.length = 0;
        await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
    }

    private async start(run: StackRun): Promise<PolicyPackSession> {
        const session = await PolicyPackSession.start(this.packDir, run.stack);
        this.all.add(session);
        return session;
    }
}

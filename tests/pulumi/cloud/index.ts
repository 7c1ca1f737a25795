/**
 * The Pulumi Cloud stand-in, assembled: one in-memory service for one test suite. See server.ts for
 * what it serves and leaves out, stacks.ts and policies.ts for the service rules it keeps and the
 * behaviours it had to choose.
 */
import { ApiServer, LoggedCall, secret } from "./server";
import { Policies } from "./policies";
import { registerSecrets } from "./secrets";
import { Stacks } from "./stacks";

export { DEFAULT_GROUP } from "./policies";

export class CloudStandin {
    readonly accessToken = `pul-${secret()}`;
    readonly stacks: Stacks;
    readonly policies: Policies;
    private readonly server: ApiServer;

    constructor(
        readonly user = "dev-user",
        readonly orgs: string[] = ["acme"],
    ) {
        this.policies = new Policies(() => this.stacks);
        this.stacks = new Stacks(
            user,
            orgs,
            (s) => this.policies.stackCreated(s),
            (s) => this.policies.stackRemoved(s),
            (s, base) => this.policies.requiredFor(s, base),
        );
        this.server = new ApiServer(this.accessToken, (req, token) => this.stacks.leaseValid(req, token));
        this.stacks.register(this.server);
        this.policies.register(this.server);
        registerSecrets(this.server, this.stacks);
    }

    /** Starts listening on 127.0.0.1; returns the URL for `pulumi login`. */
    start(): Promise<string> {
        return this.server.listen();
    }

    stop(): Promise<void> {
        return this.server.close();
    }

    get url(): string {
        return this.server.baseUrl;
    }

    /** Every call the CLI made, in order. */
    get calls(): readonly LoggedCall[] {
        return this.server.calls;
    }

    /** Calls that matched no route (the CLI wanted something this stand-in does not serve). */
    get unserved(): readonly string[] {
        return this.server.unserved;
    }

    /** The distinct `METHOD /route/template` the CLI called, sorted. */
    routesCalled(): string[] {
        return [...new Set(this.server.calls.map((c) => `${c.method} ${c.route}`))].sort();
    }
}

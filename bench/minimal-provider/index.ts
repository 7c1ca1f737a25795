// The baseline of bench/provider.ts: one component, one input, one output, nothing else.
import * as pulumi from "@pulumi/pulumi";

export interface GreetingArgs {
    /** Who to greet. */
    who: pulumi.Input<string>;
}

export class Greeting extends pulumi.ComponentResource {
    /** The greeting. */
    public readonly message: pulumi.Output<string>;

    constructor(name: string, args: GreetingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("minimal:index:Greeting", name, {}, opts);
        this.message = pulumi.interpolate`Hello, ${args.who}`;
        this.registerOutputs({ message: this.message });
    }
}

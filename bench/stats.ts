/** Small statistics and formatting helpers shared by the benchmarks. */

export function median(xs: readonly number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function min(xs: readonly number[]): number {
    return Math.min(...xs);
}

export function max(xs: readonly number[]): number {
    return Math.max(...xs);
}

/** Milliseconds since `start` (from `now()`). */
export function elapsedMs(start: bigint): number {
    return Number(process.hrtime.bigint() - start) / 1e6;
}

export function now(): bigint {
    return process.hrtime.bigint();
}

export function ms(x: number): string {
    return x >= 100 ? `${x.toFixed(0)} ms` : x >= 10 ? `${x.toFixed(1)} ms` : `${x.toFixed(2)} ms`;
}

/** `--name value` from the command line, as a positive integer. */
export function intArg(name: string, fallback: number): number {
    const i = process.argv.indexOf(`--${name}`);
    if (i < 0 || i + 1 >= process.argv.length) {
        return fallback;
    }
    const n = Number(process.argv[i + 1]);
    if (!Number.isInteger(n) || n <= 0) {
        throw new Error(`--${name} must be a positive integer`);
    }
    return n;
}

/** `--name a,b,c` from the command line, as positive integers. */
export function intListArg(name: string, fallback: number[]): number[] {
    const i = process.argv.indexOf(`--${name}`);
    if (i < 0 || i + 1 >= process.argv.length) {
        return fallback;
    }
    const list = process.argv[i + 1].split(",").map(Number);
    if (list.some((n) => !Number.isInteger(n) || n <= 0)) {
        throw new Error(`--${name} must be a comma-separated list of positive integers`);
    }
    return list;
}

export function machine(): string {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const os = require("os") as typeof import("os");
    const cpus = os.cpus();
    return `${cpus.length} cores (${cpus[0]?.model ?? "unknown CPU"}), Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`;
}

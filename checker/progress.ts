/**
 * "checking 3/10 stacks..." on stderr, rewritten in place, only when stderr is a terminal: CI logs
 * (not a TTY) never see it.
 *
 * @example
 * const progress = createProgress(process.stderr);
 * progress.update(3, 10);
 * progress.clear();
 */
export interface Progress {
    update(done: number, total: number): void;
    /** Erases the line (call before printing the report). */
    clear(): void;
}

const SILENT: Progress = { update() {}, clear() {} };

/** A progress line on `stream` when it is a TTY; a silent no-op otherwise. */
export function createProgress(stream: NodeJS.WriteStream | { isTTY?: boolean; write(s: string): unknown }): Progress {
    if (!stream.isTTY) {
        return SILENT;
    }
    let shown = false;
    return {
        update(done, total) {
            stream.write(`\rchecking ${Math.min(done + 1, total)}/${total} stacks...\x1b[K`);
            shown = true;
        },
        clear() {
            if (shown) {
                stream.write("\r\x1b[K");
                shown = false;
            }
        },
    };
}

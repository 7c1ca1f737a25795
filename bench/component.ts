/**
 * LambdaHttpApi against the same resources written by hand (Api, Stage, and per route an
 * Integration, a Route and a scoped Permission), each program run under pulumi.runtime.setMocks
 * (tests/components/record.ts), 10 / 100 / 1000 routes, interleaved rounds, medians.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LambdaHttpApi } from "../components";
import { lambdaFunction } from "../tests/components/fixtures";
import { recordProgram } from "../tests/components/record";
import { elapsedMs, median, ms, now } from "./stats";

function functions(n: number): aws.lambda.Function[] {
    return Array.from({ length: n }, (_, i) => lambdaFunction(`fn-${i}`));
}

function componentProgram(routes: number): () => unknown {
    return () => {
        const fns = functions(routes);
        return new LambdaHttpApi("web", { routes: fns.map((fn, i) => ({ routeKey: `GET /r${i}`, function: fn })) }).apiId;
    };
}

function rawProgram(routes: number): () => unknown {
    return () => {
        const fns = functions(routes);
        const api = new aws.apigatewayv2.Api("web", { protocolType: "HTTP" });
        new aws.apigatewayv2.Stage("web", { apiId: api.id, name: "$default", autoDeploy: true });
        fns.forEach((fn, i) => {
            const integration = new aws.apigatewayv2.Integration(`web-${i}`, {
                apiId: api.id,
                integrationType: "AWS_PROXY",
                integrationUri: fn.arn,
                payloadFormatVersion: "2.0",
            });
            new aws.apigatewayv2.Route(`web-${i}`, { apiId: api.id, routeKey: `GET /r${i}`, target: pulumi.interpolate`integrations/${integration.id}` });
            new aws.lambda.Permission(`web-${i}`, {
                action: "lambda:InvokeFunction",
                function: fn.name,
                principal: "apigateway.amazonaws.com",
                sourceArn: pulumi.interpolate`${api.executionArn}/*/GET/r${i}`,
            });
        });
        return api.id;
    };
}

export async function componentSection(ctx: { out: (l?: string) => void; rounds: number; routes: number[] }): Promise<void> {
    const { out } = ctx;
    out("## Component vs hand-written resources (under mocks)");
    out();
    out(`LambdaHttpApi vs the same Api, Stage, Integrations, Routes and Permissions written by hand; each program under pulumi.runtime.setMocks; ${ctx.rounds} interleaved rounds after a warm-up; medians.`);
    out();
    out("| routes | component | resources | hand-written | resources | ratio |");
    out("| --- | --- | --- | --- | --- | --- |");
    for (const routes of ctx.routes) {
        const c: number[] = [];
        const r: number[] = [];
        let counts = [0, 0];
        for (let i = -1; i < ctx.rounds; i++) {
            let t = now();
            const a = await recordProgram(componentProgram(routes));
            const tc = elapsedMs(t);
            t = now();
            const b = await recordProgram(rawProgram(routes));
            const tr = elapsedMs(t);
            counts = [a.resources.length, b.resources.length];
            if (i >= 0) {
                c.push(tc);
                r.push(tr);
            }
        }
        out(`| ${routes} | ${ms(median(c))} | ${counts[0]} | ${ms(median(r))} | ${counts[1]} | ${(median(c) / median(r)).toFixed(2)}x |`);
    }
    out();
}

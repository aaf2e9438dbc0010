/**
 * `command-dispatch-authz`: one command through the real host
 * (`host.execute`: parse → lookup → authorization → the in-process plugin →
 * outcome) with the Cedar authorizer, vs the same dispatch with
 * authorization switched off (an authorizer that allows everything), same
 * run. The command declares three capabilities (self, local, global), so a
 * dispatch asks four questions: execute + one per capability.
 *
 * The Cedar host also loads 50 filler plugins with 4 policies each (200
 * plugin policies + their generated ones, like docs/authorization.md's 201-policy
 * measurement); slicing keeps them out of the command's evaluation.
 *
 *   command-dispatch-authz           Cedar, decision cache on (the default)
 *   command-dispatch-authz-uncached  Cedar, cache off: every check is a Cedar call
 *
 * Goal (issue): p99 ≤ 1 ms per dispatch including authorization.
 * Run: cd packages/host && npx tsx -e 'import("./bench/command-dispatch-authz.bench.ts").then((m) => m.run())'
 */
import { runBenchmark } from "@holomush/bench-kit";
import { CommandStatus } from "@holomush/proto";
import { pino } from "pino";
import type { Authorizer } from "../src/auth/authorizer.js";
import { type CedarAuthorizer, createCedarAuthorizer } from "../src/auth/cedar-authorizer.js";
import { createHost, type Host } from "../src/host/create-host.js";

const FILLER_PLUGINS = 50;
const GOAL_P99_US = 1000;

const ROLLER = {
  name: "dice-roller",
  version: "1.0.0",
  emits: ["location"],
  commands: [
    {
      name: "roll",
      help: "roll the dice",
      capabilities: [
        { action: "roll", resource: "dice", scope: "self" },
        { action: "read", resource: "dice", scope: "local" },
        { action: "emit", resource: "stream", scope: "global" },
      ],
    },
  ],
  policies: [
    {
      name: "no-banned-rollers",
      policy: `forbid (principal is Character, action == Action::"execute", resource == Command::"roll") when { principal.roles.contains("banned") };`,
    },
  ],
};

function filler(index: number) {
  const name = `filler-${index}`;
  const commands = [`fa${index}`, `fb${index}`];
  return {
    name,
    version: "1.0.0",
    commands: commands.map((command) => ({
      name: command,
      help: command,
      capabilities: [{ action: "use", resource: "widget", scope: "local" }],
    })),
    policies: [
      ...commands.map((command) => ({
        name: `${command}-muted`,
        policy: `forbid (principal is Character, action == Action::"execute", resource == Command::"${command}") when { principal.roles.contains("muted") };`,
      })),
      {
        name: "gm-widgets",
        policy: `permit (principal is Character, action == Action::"use", resource is filler_${index}::widget) when { principal.roles.contains("gm") };`,
      },
      {
        name: "own-widgets",
        policy: `permit (principal == Plugin::"${name}", action == Action::"read", resource is filler_${index}::widget);`,
      },
    ],
  };
}

const rollPlugin = { handleCommand: () => ({ status: CommandStatus.OK, output: "4" }) };

async function hostWith(authorizer: Authorizer, cedar?: CedarAuthorizer): Promise<{ host: Host; session: string }> {
  const host = await createHost({ logger: pino({ level: "silent" }), authorizer });
  await host.registerPlugin(ROLLER, rollPlugin);
  const fillers = cedar ? Array.from({ length: FILLER_PLUGINS }, (_, index) => filler(index)) : [];
  for (const manifest of fillers) await host.registerPlugin(manifest, rollPlugin);
  await host.start();
  // Until the host wires installPolicies into plugin loading, the bench installs them itself.
  for (const name of [ROLLER.name, ...fillers.map((f) => f.name)]) {
    const manifest = host.plugins.get(name)?.source.manifest;
    if (manifest === undefined) throw new Error(`plugin ${name} did not load`);
    cedar?.installPolicies(manifest);
  }
  const session = (await host.connect("Alice")).id;
  const outcome = await host.execute(session, "roll");
  if (outcome?.status !== CommandStatus.OK) throw new Error(`roll was not allowed: ${outcome?.output}`);
  return { host, session };
}

export async function run(): Promise<void> {
  const cached = await createCedarAuthorizer();
  const uncached = await createCedarAuthorizer({ decisionCacheSize: 0 });
  const off: Authorizer = { authorize: () => ({ allowed: true, reason: "authorization off" }) };
  const subjects = [
    { name: "command-dispatch-authz", cedar: cached, label: "host.execute with Cedar (decision cache on)" },
    { name: "command-dispatch-authz-uncached", cedar: uncached, label: "host.execute with Cedar (cache off)" },
  ];
  const baseline = await hostWith(off);
  for (const subject of subjects) {
    const { host, session } = await hostWith(subject.cedar, subject.cedar);
    await runBenchmark({
      name: subject.name,
      unit: "µs",
      subject: { name: subject.label, fn: () => host.execute(session, "roll") },
      baseline: { name: "host.execute, authorization off", fn: () => baseline.host.execute(baseline.session, "roll") },
      goal: {
        description: `p99 ≤ ${GOAL_P99_US} µs per dispatch including authorization`,
        met: (r) => r.p99 <= GOAL_P99_US,
      },
      extra: { checksPerDispatch: 4, policiesInstalled: subject.cedar.policyIds().length },
    });
    const { evaluations, cacheHits } = subject.cedar.stats();
    console.log(`${subject.name}: ${evaluations} Cedar evaluations, ${cacheHits} decision-cache hits`);
    await host.stop();
  }
  await baseline.host.stop();
}

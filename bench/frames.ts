/**
 * Animation benchmark (never part of `npm test`): the Raft demo in headless Chromium with a
 * 9-node cluster and 100 or more messages in flight, played for ten seconds. Reports how long
 * each animation frame's work takes (p50, p95) and the messages drawn in flight.
 *
 * Messages in flight are painted on a canvas over the topology's SVG. The SVG still holds one
 * focusable target per message, but a target exists whether or not anything is drawn, so the
 * count comes from the drawing code itself: after each drawing the canvas sets `data-drawn` to
 * the number of messages it drew, and each frame's sample reads it once that frame is done.
 * Needs a build: `npm run build && npx tsx bench/frames.ts`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { encodeScenario } from '../src/sim/scenario';
import type { Scenario, TimedAction } from '../src/sim/types';
import { CHROMIUM_ARGS, findChromium } from '../test/e2e/browser';
import { serveDist } from '../scripts/serve-dist';

const MS = 1000;
const dist = join(process.cwd(), 'dist');
if (!existsSync(dist)) {
  console.error('No build found in dist/. Run "npm run build" first.');
  process.exit(1);
}

// Long latencies and frequent heartbeats keep well over 100 messages on the wire at once.
const actions: TimedAction[] = [];
for (let at = 600 * MS; at < 20_000 * MS; at += 100 * MS) {
  actions.push({ at, action: { type: 'client', payload: { key: `k${at % 7}`, value: String(at / MS) } } });
}
const scenario: Scenario = {
  version: 1,
  algorithm: 'raft',
  params: {
    nodes: 9,
    heartbeatInterval: 20,
    latencyMin: 100,
    latencyMax: 150,
    electionTimeoutMin: 400,
    electionTimeoutMax: 800,
  },
  seed: 11,
  actions,
};

const { origin, server } = await serveDist(dist);
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${origin}/consensus/raft/#${encodeScenario(scenario)}`);
  const player = page.getByRole('button', { name: 'Play' });
  await player.scrollIntoViewIfNeeded();
  await player.waitFor();
  // Jump into the busy part of the run, then play at real time.
  await page.getByLabel('Go to event').fill('3000');
  await page.getByLabel('Go to event').press('Enter');
  // Passed as text: the TypeScript loader would wrap named functions in a helper the page lacks.
  await page.evaluate(`(() => {
    window.frameWork = [];
    window.frameStarts = [];
    window.inFlight = [];
    function tick() {
      // Work done in this frame: from its start until the main thread is free again.
      const start = performance.now();
      window.frameStarts.push(start);
      setTimeout(() => {
        window.frameWork.push(performance.now() - start);
        // The message canvas records how many messages its last drawing put on screen.
        const layer = document.querySelector('.viz-topology-messages');
        window.inFlight.push(Number(layer ? layer.getAttribute('data-drawn') : 0));
      }, 0);
      requestAnimationFrame(tick);
    }
    requestAnimationFrame(tick);
  })()`);
  await player.click();
  // Ten seconds: about 600 frames, so that the 95th percentile rests on some thirty of them.
  await page.waitForTimeout(10_000);
  await page.getByRole('button', { name: 'Pause' }).click();
  const { frameWork, frameStarts, inFlight } = (await page.evaluate(
    '({ frameWork: window.frameWork, frameStarts: window.frameStarts, inFlight: window.inFlight })',
  )) as {
    frameWork: number[];
    frameStarts: number[];
    inFlight: number[];
  };
  // Frames per second over the time the frames actually span, not the nominal five seconds.
  const span = ((frameStarts[frameStarts.length - 1] ?? 0) - (frameStarts[0] ?? 0)) / 1000;
  const sorted = [...frameWork].sort((a, b) => a - b);
  const pct = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  const flights = [...inFlight].sort((a, b) => a - b);
  console.log(`Raft demo, 9 nodes, ${frameWork.length} frames in ${span.toFixed(2)} s of playback`);
  console.log(`  messages drawn in flight: median ${flights[flights.length >> 1]}, min ${flights[0]}`);
  console.log(`  frame work: p50 ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms (budget 16.7 ms)`);
  console.log(`  frames per second: ${((frameStarts.length - 1) / span).toFixed(1)}`);
} finally {
  await browser.close();
  server.close();
}

import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/sim';
import { decode } from '../codec';
import { PRESETS } from '../layout';

const NOW = Date.parse('2026-11-25T12:00:00Z');

/** The command line's answer: the output on success, the error otherwise. */
async function run(argv: string[], env: { nowMs?: number } = { nowMs: NOW }) {
  const { stdout, stderr, exitCode } = await runCli(['snowflake', ...argv], env);
  return { output: exitCode === 0 ? stdout : stderr, exitCode };
}
const cli = (line: string) =>
  run(
    line
      .replace(/^snowflake /, '')
      .split(/\s+/)
      .filter(Boolean),
  );

describe('snowflake generate', () => {
  it('prints the requested number of IDs for the worker, in increasing order', async () => {
    const { output, exitCode } = await cli(
      'snowflake generate --preset twitter --worker 37 --count 5 --start 2024-01-01T00:00:00Z',
    );
    expect(exitCode).toBe(0);
    const ids = output.split('\n').map(BigInt);
    expect(ids).toHaveLength(5);
    expect(ids.every((id, i) => i === 0 || id > (ids[i - 1] as bigint))).toBe(true);
    const first = decode(String(ids[0]), PRESETS.twitter);
    expect(first.time.iso).toBe('2024-01-01T00:00:00.000Z');
    expect(first.values).toMatchObject({ datacenter: 1, worker: 5, sequence: 0 });
  });

  it('moves into the next millisecond after 4,096 IDs', async () => {
    const { output } = await cli(
      'generate --preset discord --worker 1 --count 4100 --start 2024-01-01T00:00:00Z',
    );
    const times = output.split('\n').map((id) => decode(id, PRESETS.discord).time.unixMs);
    const start = Date.parse('2024-01-01T00:00:00Z');
    expect(times.filter((t) => t === start)).toHaveLength(4096);
    expect(times.slice(4096)).toEqual([start + 1, start + 1, start + 1, start + 1]);
  });

  it('repeats exactly, Leaf random starts included, and starts at "now" when no time is given', async () => {
    const line = 'generate --preset leaf --worker 3 --count 3 --decode --seed 7';
    expect((await cli(line)).output).toBe((await cli(line)).output);
    expect((await cli(line)).output).toContain('2026-11-25T12:00:00.000Z');
    expect(await run(line.split(' '), {})).toMatchObject({
      exitCode: 2,
      output: expect.stringMatching(/--start/),
    });
  });

  it('rejects bad arguments with a reason', async () => {
    expect(await cli('generate --preset twitter --worker 1024')).toMatchObject({
      exitCode: 2,
      output: expect.stringMatching(/0 to 1023/),
    });
    expect((await cli('generate --preset twitter --worker datacenter=1,worker=40')).output).toMatch(
      /worker must be a whole number from 0 to 31/,
    );
    expect((await cli('generate --preset twitter --worker 1 --count 0')).output).toMatch(
      /--count must be a whole number from 1/,
    );
    expect((await cli('generate --preset twitter --worker 1 --count lots')).exitCode).toBe(2);
    expect((await cli('generate --preset twitter')).output).toMatch(/--worker <id>/);
    expect((await cli('generate --preset instagram --worker 1')).output).toMatch(
      /Unknown preset "instagram"/,
    );
    expect((await cli('generate --preset twitter --worker 1 --start 2009-01-01')).output).toMatch(
      /before the epoch/,
    );
    expect((await cli('generate --preset twitter --worker 1 --start tomorrow')).output).toMatch(
      /not a valid instant/,
    );
    expect((await cli('generate --preset twitter --worker 1 --policy yolo')).output).toMatch(
      /Unknown policy "yolo"/,
    );
    expect(await cli('generate --preset twitter --worker 1 --colour red')).toMatchObject({ exitCode: 2 });
    expect(await cli('generate --preset twitter --worker')).toMatchObject({
      exitCode: 2,
      output: expect.stringMatching(/--worker needs a value/),
    });
  });
});

describe('snowflake decode', () => {
  it("takes Discord's example apart", async () => {
    const { output, exitCode } = await cli('decode 175928847299117063 --preset discord');
    expect(exitCode).toBe(0);
    expect(output).toMatch(/time\s+2016-04-30T11:18:25.796Z/);
    expect(output).toMatch(/worker\s+1\s+\[bits 21-17\]/);
    expect(output).toMatch(/increment\s+7\s+\[bits 11-0\]/);
  });

  it('speaks JSON with --json', async () => {
    const parsed = JSON.parse((await cli('decode 1042905998564847616 --preset twitter --json')).output) as {
      id: string;
      time: { iso: string };
      fields: Record<string, number>;
      bits: string;
    };
    expect(parsed.id).toBe('1042905998564847616');
    expect(parsed.time.iso).toBe('2018-09-20T22:39:00.971Z');
    expect(parsed.bits.replaceAll(' ', '')).toHaveLength(64);
  });

  it('reads custom layouts as JSON or in the compact form', async () => {
    const compact = await cli(
      'decode 175928847299117063 --layout timestamp:42,worker:5,process:5,increment:12,epoch=2015-01-01T00:00:00Z,width=64',
    );
    expect(compact.output).toMatch(/2016-04-30T11:18:25.796Z/);
    const json = await run([
      'decode',
      '175928847299117063',
      '--layout',
      '{"fields":[{"name":"timestamp","bits":42},{"name":"rest","bits":10},{"name":"increment","bits":12}],"epoch":1420070400000,"width":64}',
    ]);
    expect(json.output).toMatch(/rest\s+32/);
  });

  it('explains what is wrong with the input', async () => {
    expect(await cli('decode 12ab --preset twitter')).toMatchObject({
      exitCode: 2,
      output: expect.stringMatching(/not an ID/),
    });
    expect((await cli('decode --preset twitter -- -7')).output).toMatch(/negative/);
    expect((await cli('decode 99999999999999999999 --preset discord')).output).toMatch(/more than 64 bits/);
    expect((await cli('decode 9223372036854775808 --preset twitter')).output).toMatch(/bit 63/);
    expect(await cli('decode --preset twitter')).toMatchObject({
      exitCode: 2,
      output: expect.stringMatching(/one ID/),
    });
    expect((await cli('decode 1 2 --preset twitter')).exitCode).toBe(2);
    expect(await cli('decode 1')).toMatchObject({
      exitCode: 2,
      output: expect.stringMatching(/--preset <name> or --layout/),
    });
    expect((await cli('decode 1 --preset twitter --layout time:41,sequence:12')).exitCode).toBe(2);
    expect((await cli('decode 1 --layout time:41,sequence:30')).output).toMatch(/71 bits/);
  });
});

describe('snowflake encode', () => {
  it('builds the ID decode takes apart', async () => {
    const { output } = await cli(
      'encode --preset discord --time 2016-04-30T11:18:25.796Z --worker worker=1,process=0 --sequence 7',
    );
    expect(output).toBe('175928847299117063');
  });

  it('refuses a time before the epoch or a sequence out of range', async () => {
    expect((await cli('encode --preset sonyflake --time 2014-08-31T23:59:59Z --worker 1')).output).toMatch(
      /before the epoch/,
    );
    expect(
      (await cli('encode --preset sonyflake --time 2020-01-01 --worker 1 --sequence 256')).output,
    ).toMatch(/0 to 255/);
    expect((await cli('encode --preset sonyflake --worker 1')).output).toMatch(/needs --time/);
  });
});

describe('snowflake epoch', () => {
  it('says how long the time field lasts and how much of it is left', async () => {
    const { output } = await cli('epoch --preset twitter');
    expect(output).toMatch(/69\.7 years/);
    expect(output).toMatch(/runs out:\s+2080-07-10/);
    expect(output).toMatch(/years left: 53\.6/);
    expect((await cli('epoch --preset sonyflake --now 2190-01-01')).output).toMatch(/ran out 1\.1 years ago/);
  });
});

describe('usage', () => {
  it('lists the commands in the help, and names an unknown command', async () => {
    const help = await runCli(['snowflake', '--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/Commands:[\s\S]*generate[\s\S]*decode[\s\S]*encode[\s\S]*epoch/);
    expect(await runCli(['snowflake', 'decode', '--help'])).toMatchObject({
      exitCode: 0,
      stdout: expect.stringMatching(/^Usage: npm run sim -- snowflake decode <id>/),
    });
    expect(await cli('mint --preset twitter')).toMatchObject({
      exitCode: 2,
      output: expect.stringMatching(/no command "mint"/),
    });
  });
});

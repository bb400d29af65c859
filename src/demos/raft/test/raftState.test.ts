import { renderToStaticMarkup } from 'react-dom/server';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import type { Scenario, WorldView } from '../../../sim/types';
import { raft } from '../../../algorithms/raft';
import RaftLogs from '../RaftLogs';
import { raftPlugin } from '../index';
import { readRaftServer } from '../raftState';

const MS = 1000;

function worldAt(id: string, ms: number): WorldView {
  const scenario = raft.scenarios.find((s) => s.id === id)?.scenario as Scenario;
  const run = raft.createRun(scenario);
  run.seekTime(ms * MS);
  return run.view();
}

const logsOf = (world: WorldView) => renderToStaticMarkup(createElement(RaftLogs, { world } as never));

describe('Raft views and membership', () => {
  it('leave configurations out while every server is a member', () => {
    const world = worldAt('election', 1000);
    for (const node of world.nodes) {
      expect(readRaftServer(node)).toMatchObject({ members: null, outside: false });
      expect(raftPlugin.describeNode?.(node).facts).not.toContain('outside');
    }
    expect(logsOf(world)).not.toContain('configuration');
  });

  it('show each server its configuration, and mark the ones outside it', () => {
    const named = raft.scenarios.find((s) => s.id === 'add-server');
    const run = raft.createRun(named?.scenario as Scenario);
    // Before the change commits, the last server is outside the configuration.
    const outside = run
      .view()
      .nodes.map(readRaftServer)
      .filter((s) => s.outside);
    expect(outside.length).toBeGreaterThan(0);
    const before = run.view();
    for (const s of outside) {
      const node = before.nodes.find((n) => n.id === s.id);
      expect(node && raftPlugin.describeNode?.(node).facts).toContain('outside');
    }
    expect(logsOf(before)).toContain('configuration');
    run.seekTime(named?.until ?? 3000 * MS);
    const after = run.view().nodes.map(readRaftServer);
    const joined = outside[0]?.id as string;
    const leader = after.find((s) => s.up && s.role === 'leader');
    expect(leader?.members).toContain(joined);
    expect(after.find((s) => s.id === joined)?.outside).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { EventLog } from './event-log.js';

function log() {
  const lines: string[] = [];
  let t = 1700000100;
  const events = new EventLog({ write: (l) => lines.push(l), now: () => t++ });
  return { events, lines };
}

describe('the task event log', () => {
  it('writes started/finished lines in BOSH key order with an index shared across the stage', async () => {
    const { events, lines } = log();
    const stage = events.beginStage('Updating instance', 2, ['nginx']);
    await stage.advanceAndTrack('nginx/0 (canary)', () => Promise.resolve());
    await expect(
      stage.advanceAndTrack('nginx/1', () =>
        Promise.reject(new Error("'nginx/1' is not running after update")),
      ),
    ).rejects.toThrow('not running');
    events.warning('careful');
    events.error(400007, "'nginx/1' is not running after update");
    expect(lines).toEqual([
      '{"time":1700000100,"stage":"Updating instance","tags":["nginx"],"total":2,"task":"nginx/0 (canary)","index":1,"state":"started","progress":0}\n',
      '{"time":1700000101,"stage":"Updating instance","tags":["nginx"],"total":2,"task":"nginx/0 (canary)","index":1,"state":"finished","progress":100}\n',
      '{"time":1700000102,"stage":"Updating instance","tags":["nginx"],"total":2,"task":"nginx/1","index":2,"state":"started","progress":0}\n',
      `{"time":1700000103,"stage":"Updating instance","tags":["nginx"],"total":2,"task":"nginx/1","index":2,"state":"failed","progress":100,"data":{"error":"'nginx/1' is not running after update"}}\n`,
      '{"time":1700000104,"type":"warning","message":"careful"}\n',
      `{"time":1700000105,"error":{"code":400007,"message":"'nginx/1' is not running after update"}}\n`,
    ]);
  });

  it('writes in_progress ticks with the cumulative progress, capped at 100, and the status', async () => {
    const { events, lines } = log();
    const stage = events.beginStage('Updating instance', 1, ['nginx']);
    await stage.advanceAndTrack('nginx/0 (canary)', (p) => {
      p.advance(5, 'executing pre-stop');
      p.advance(90, 'stopping jobs');
      p.advance(20, 'executing post-start');
      return Promise.resolve();
    });
    expect(lines.slice(1, 4)).toEqual([
      '{"time":1700000101,"stage":"Updating instance","tags":["nginx"],"total":1,"task":"nginx/0 (canary)","index":1,"state":"in_progress","progress":5,"data":{"status":"executing pre-stop"}}\n',
      '{"time":1700000102,"stage":"Updating instance","tags":["nginx"],"total":1,"task":"nginx/0 (canary)","index":1,"state":"in_progress","progress":95,"data":{"status":"stopping jobs"}}\n',
      '{"time":1700000103,"stage":"Updating instance","tags":["nginx"],"total":1,"task":"nginx/0 (canary)","index":1,"state":"in_progress","progress":100,"data":{"status":"executing post-start"}}\n',
    ]);
  });
});

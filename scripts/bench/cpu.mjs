// CPU time spent per request or operation, by process group (the server, its PostgreSQL
// backends, this load-generating process). On a 2-core machine shared with other work,
// requests/s and latencies move with whatever else runs; CPU milliseconds per request move
// much less, and they show where the time goes. Linux only (/proc); elsewhere null.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';

const TICK_MS = 10; // /proc counts in USER_HZ ticks, 100 per second on Linux

function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state is field 3, utime field 14, stime field 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** CPU ms the whole machine spent in processes (user, nice, system) since boot. */
function machineBusyMs() {
  try {
    const [user, nice, system] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return (user + nice + system) * TICK_MS;
  } catch {
    return null;
  }
}

/** Backend pids of the bench database's sessions with these application names. */
export function backendPids(superuserDb, database, applicationNames) {
  return async () => {
    const { rows } = await superuserDb.query(
      'select pid from pg_stat_activity where datname = $1 and application_name = any($2)',
      [database, applicationNames],
    );
    return rows.map((row) => row.pid);
  };
}

/**
 * A meter over named groups; each group is a function returning its pids (async), or 'self'
 * for this process. Between start() and stop(count) it adds up each group's CPU, and the
 * whole machine's, so it can also tell how much of the cores other processes took meanwhile.
 */
export function cpuMeter(groups) {
  const self = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  const snapshot = async () => {
    const result = {};
    for (const [name, pids] of Object.entries(groups)) {
      if (pids === 'self') {
        result[name] = new Map([['self', self()]]);
      } else {
        result[name] = new Map((await pids()).map((pid) => [pid, cpuMsOf(pid)]));
      }
    }
    return result;
  };
  let before = null;
  const totals = Object.fromEntries(Object.keys(groups).map((name) => [name, 0]));
  let units = 0;
  let machineMs = 0;
  let wallMs = 0;
  const measurable = process.platform === 'linux';
  return {
    async start() {
      before = await snapshot();
      before.machine = machineBusyMs();
      before.at = performance.now();
    },
    /** Adds the CPU since start() to the totals, for `count` requests or operations. */
    async stop(count) {
      wallMs += performance.now() - before.at;
      machineMs += machineBusyMs() - before.machine;
      const after = await snapshot();
      for (const [name, pids] of Object.entries(after)) {
        for (const [pid, ms] of pids) {
          // A process started during the run counts from zero; one that exited is lost.
          if (ms !== null) totals[name] += ms - (before[name].get(pid) ?? 0);
        }
      }
      units += count;
    },
    /** CPU ms per unit for each group, over every start/stop so far. */
    perUnit() {
      if (!measurable || units === 0) return null;
      return Object.fromEntries(Object.entries(totals).map(([name, ms]) => [name, ms / units]));
    },
    /** The share of the machine's cores that processes outside the groups used meanwhile. */
    othersShare() {
      if (!measurable || wallMs === 0) return null;
      const ours = Object.values(totals).reduce((sum, ms) => sum + ms, 0);
      return Math.max(0, machineMs - ours) / (wallMs * os.cpus().length);
    },
  };
}

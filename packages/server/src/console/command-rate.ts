/**
 * A token bucket per connection: `burst` commands at once, then
 * `perSecond`. A command over the rate is not refused: the console waits
 * for its token, and while it waits it stops reading the socket, so a
 * flooding client is slowed by TCP instead of filling the host's memory.
 */
export interface CommandRate {
  /** Takes a token; returns how long to wait first, ms (0 = go now). */
  take(): number;
}

export function createCommandRate(perSecond: number, burst: number, now: () => number = Date.now): CommandRate {
  if (perSecond <= 0) return { take: () => 0 };
  let tokens = burst;
  let at = now();
  return {
    take() {
      const time = now();
      tokens = Math.min(burst, tokens + ((time - at) * perSecond) / 1000);
      at = time;
      tokens -= 1;
      return tokens >= 0 ? 0 : Math.ceil((-tokens * 1000) / perSecond);
    },
  };
}

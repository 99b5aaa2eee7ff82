// A follower's countdown to starting an election, reset by every message from the leader. A
// running countdown is restarted in place (followers reset it thousands of times a second);
// each new countdown draws a fresh random length in [T, 2T), so candidates spread out.

export class ElectionTimer {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly baseMs: number,
    private readonly onTimeout: () => void,
  ) {}

  reset(): void {
    if (this.timer !== undefined && this.running) {
      this.timer.refresh();
      return;
    }
    this.running = true;
    this.timer = setTimeout(
      () => {
        this.running = false;
        this.onTimeout();
      },
      this.baseMs * (1 + Math.random()),
    );
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.running = false;
  }
}

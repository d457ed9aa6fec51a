// Buffers output lines into large writes: one write per line would dominate a million-packet replay.

export class TextSink {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly write: (s: string) => void, private readonly limit = 1 << 16) {}

  line(s: string): void {
    this.parts.push(s, '\n');
    this.size += s.length + 1;
    if (this.size >= this.limit) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    this.write(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

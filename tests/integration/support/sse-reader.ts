/** Reads an SSE byte stream in the background and lets a test wait for what it must contain. */
export class StreamReader {
  text = "";
  done = false;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.reader = stream.getReader();
    void this.pump();
  }

  private async pump(): Promise<void> {
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await this.reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) {
        this.done = true;
        return;
      }
      this.text += decoder.decode(value, { stream: true });
    }
  }

  async waitFor(what: string, check: (text: string) => boolean): Promise<void> {
    const deadline = Date.now() + 90_000;
    while (!check(this.text)) {
      if (Date.now() > deadline) throw new Error(`the stream never carried ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The parsed `data` of every event of type `event`. */
  events(event: string): { kind: string; namespace: string; items?: unknown[]; object?: unknown }[] {
    return this.text
      .split("\n\n")
      .filter((f) => f.startsWith(`event: ${event}\n`))
      .map((f) => JSON.parse(f.slice(f.indexOf("data: ") + 6)));
  }

  cancel(): void {
    void this.reader.cancel();
  }
}

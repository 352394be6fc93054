// The attached view's history list: saved conversations listed or searched, and listed again when another window
// changes them.
import type { HistoryEntry, HistoryStore } from '../../core/chat';
import type { HostToWebview } from '../../shared/chat/protocol';

export class HistoryList {
  /** The query of the attached view's list, once it has asked for one. */
  private query: string | undefined;

  constructor(
    private readonly store: HistoryStore,
    private readonly post: (m: HostToWebview) => void,
    private readonly reportError: (e: unknown) => void,
  ) {}

  /** A view (re)attached: it shows no list until it asks for one. */
  forget(): void {
    this.query = undefined;
  }

  /** Lists again with the view's query, if it has a list. */
  async refresh(): Promise<void> {
    if (this.query !== undefined) await this.send(this.query);
  }

  async send(query: string): Promise<void> {
    this.query = query;
    // A search is likely next: its index loads meanwhile.
    this.store.warmSearch();
    const post = (entries: readonly HistoryEntry[]): void =>
      this.post({
        type: 'history/didList',
        query,
        items: entries.map((e) => ({
          id: e.id,
          title: e.title,
          updatedAt: e.updatedAt,
          messageCount: e.messageCount,
          ...(e.forkedFrom ? { forkedFrom: e.forkedFrom.title } : {}),
        })),
      });
    try {
      let shown = 0;
      // While the search index loads, the results found so far are shown (at most every 150 ms), then all of them.
      const partial = (found: HistoryEntry[]): void => {
        if (found.length === 0 || Date.now() - shown < 150) return;
        shown = Date.now();
        post(found);
      };
      post(query.trim() ? await this.store.search(query, partial) : await this.store.list());
    } catch (e) {
      this.reportError(e);
    }
  }
}

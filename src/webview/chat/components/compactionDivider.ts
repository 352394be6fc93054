// The divider after the messages a summary stands for: "Earlier messages summarized", opening to the summary, with
// Undo. The messages themselves stay in the transcript.
import type { CompactionView } from '../../../shared/chat/protocol';
import type { WebviewStrings } from '../../../shared/chat/protocol';
import { findByDataId, h } from '../../shared/dom';
import { format } from '../../shared/format';
import { actionTextButton } from '../actions';

/** Puts the divider for `compaction` into the transcript list (after its last message), or removes it. */
export function placeCompactionDivider(
  list: HTMLElement,
  s: WebviewStrings,
  compaction: CompactionView | undefined,
): void {
  list.querySelector(':scope > .compaction-divider')?.remove();
  if (!compaction) return;
  const divider = h(
    'div',
    { class: 'compaction-divider', role: 'listitem', 'aria-label': s.earlierSummarized },
    h(
      'details',
      {},
      h('summary', {}, s.earlierSummarized),
      h('p', { class: 'compaction-note' }, format(s.summaryBy, compaction.messageCount, compaction.model)),
      h('div', { class: 'compaction-summary' }, compaction.summary),
      actionTextButton(s.undoCompaction, 'undo-compaction'),
    ),
  );
  const after = findByDataId(list, '.message', compaction.throughId);
  if (after) after.after(divider);
  else list.prepend(divider);
}

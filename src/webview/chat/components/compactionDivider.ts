// The divider after the messages a summary stands for: "Earlier messages summarized", opening to the summary, with
// Undo. The messages themselves stay in the transcript.
import type { CompactionView } from '../../../shared/chat/protocol';
import type { WebviewStrings } from '../../../shared/chat/protocol';
import { findByDataId, h } from '../../shared/dom';
import { format } from '../../shared/format';
import { actionTextButton } from '../actions';

/** The divider for `compaction`; `placeCompactionDivider` puts it in the list. */
export function compactionDivider(s: WebviewStrings, compaction: CompactionView): HTMLElement {
  return h(
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
}

/**
 * Puts `divider` right after the message `throughId`. A long transcript draws older messages only as they scroll into
 * view: while that message is not drawn the divider is out of the list too, and comes back with it. A message no
 * longer in the conversation (`inConversation` false) puts it first.
 */
export function placeCompactionDivider(
  list: HTMLElement,
  divider: HTMLElement,
  throughId: string,
  inConversation: () => boolean,
): void {
  const after = findByDataId(list, '.message', throughId);
  if (after) {
    if (after.nextElementSibling !== divider) after.after(divider);
  } else if (inConversation()) divider.remove();
  else if (list.firstElementChild !== divider) list.prepend(divider);
}

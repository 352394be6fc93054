// What the editor commands need from the chat view: send a prompt, add a context chip, focus the input.
import type { ContextItem } from '../../core/editor';

export interface ChatBridge {
  /** Reveals the chat view and sends `text` as the user's message; the answer streams into the view. */
  sendPrompt(text: string, options: { newConversation: boolean }): Promise<void>;
  /** Reveals the chat view and adds `item` to the composer as a removable chip, without sending. */
  addContext(item: ContextItem): Promise<void>;
  /** Reveals the chat view and moves the keyboard focus into its message input. */
  focusInput(): Promise<void>;
}

// The paid-credits question every generation (image, edit, video) asks first, from any surface.
import * as vscode from 'vscode';

/** The user setting that turns the question off ("Don't Ask Again" writes it). */
export interface PaidQuestionSetting {
  readonly confirmPaidCredits: boolean;
  disableConfirmation(): Promise<void>;
}

/** Asks `question` in a modal; "Don't Ask Again" turns it off for the user. True when the user goes ahead. */
export async function confirmPaidCredits(question: string, setting: PaidQuestionSetting): Promise<boolean> {
  if (!setting.confirmPaidCredits) return true;
  const go = vscode.l10n.t('Generate');
  const always = vscode.l10n.t("Generate, Don't Ask Again");
  const choice = await vscode.window.showWarningMessage(
    question,
    {
      modal: true,
      detail: vscode.l10n.t(
        'Each generation spends paid credits on your gateway account, also when you stop waiting for it.',
      ),
    },
    go,
    always,
  );
  if (choice === always) await setting.disableConfirmation();
  return choice === go || choice === always;
}

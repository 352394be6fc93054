// "AppleRouter: Test Connection" (a report in a read-only editor) and "AppleRouter: Copy Last Request as curl".
import * as vscode from 'vscode';
import { buildCurlCommand } from '../../core/diagnostics';
import { CommandId } from '../commands';
import type { Services } from '../services';
import { formatConnectionReport, gatherConnectionFacts, type ConnectionFacts } from './connectionReport';

const REPORT_SCHEME = 'applerouter-report';

export function registerDiagnostics(context: vscode.ExtensionContext, services: Services): void {
  const reports = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, {
      onDidChange: changed.event,
      provideTextDocumentContent: (uri) => reports.get(uri.path) ?? '',
    }),
    vscode.commands.registerCommand(
      CommandId.testConnection,
      async (): Promise<{ facts: ConnectionFacts; report: string } | undefined> => {
        const facts = await vscode.window.withProgress(
          {
            location: vscode.ProgressLocation.Notification,
            title: vscode.l10n.t(
              'Testing the connection to {0}…',
              services.profiles.get(services.profiles.activeId).baseUrl,
            ),
            cancellable: true,
          },
          (_p, token) => {
            const abort = new AbortController();
            const sub = token.onCancellationRequested(() => abort.abort());
            return gatherConnectionFacts(services, abort.signal).finally(() => sub.dispose());
          },
        );
        const report = formatConnectionReport(facts, services.keyStore.peekAll(), services.t);
        services.logger.tagged('diagnostics').info(`connection report:\n${report}`);
        const uri = vscode.Uri.from({
          scheme: REPORT_SCHEME,
          path: `/${vscode.l10n.t('AppleRouter connection report')}.txt`,
        });
        reports.set(uri.path, report);
        changed.fire(uri);
        const doc = await vscode.workspace.openTextDocument(uri);
        await vscode.window.showTextDocument(doc, { preview: true });
        if (facts.failure)
          void vscode.window.showErrorMessage(vscode.l10n.t('Connection test failed: {0}', facts.failure));
        else
          void vscode.window.showInformationMessage(
            vscode.l10n.t('Connection test passed: {0} models.', facts.models ?? 0),
          );
        return { facts, report };
      },
    ),
    vscode.commands.registerCommand(CommandId.copyLastRequestAsCurl, async (): Promise<string | undefined> => {
      const last = services.requests.lastRequest;
      if (!last) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('No request has been sent to the gateway yet in this window.'),
        );
        return undefined;
      }
      const command = buildCurlCommand(last, services.keyStore.peekAll());
      await vscode.env.clipboard.writeText(command);
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          'Copied the last request ({0} {1}) as curl. The key is replaced by $APPLEROUTER_API_KEY.',
          last.method,
          new URL(last.url).pathname,
        ),
      );
      return command;
    }),
  );
}

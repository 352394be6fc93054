// How many models the test gateway lists, and how many of them are chat models, read from its own definition.
import { chatModelsOf } from '../../../src/core/lm';
import { loadScenarioModules } from '../../gateway/server';

export async function testGatewayModelCounts(): Promise<{ total: number; chat: number }> {
  // Every scenario module loaded, as in the running gateway: some add models to the list.
  await loadScenarioModules();
  const { modelEntries } = await import('../../gateway/scenarios');
  const data = modelEntries('newapi-typed').data as { id: string; supported_endpoint_types?: string[] }[];
  const chat = chatModelsOf(
    data.map((m) => ({
      id: m.id,
      ...(m.supported_endpoint_types ? { endpointTypes: m.supported_endpoint_types } : {}),
    })),
  );
  return { total: data.length, chat: chat.length };
}

/** Publishes guardrail events on the hub bus, with the source and detail-types from core/events. */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DETAIL_SCHEMAS, EVALUATION_TRIGGER_TYPES, EVENT_SOURCE, RECHECK_REQUESTED, RecheckPayload, RuntimeLedgerChanged,
  recheckRequestedSchema, runtimeLedgerChangedSchema,
} from '../../core/events/schemas';
import { fitDetail } from '../../core/events/fit';

export type GuardrailDetailType = keyof typeof DETAIL_SCHEMAS;

export class GuardrailBus {
  constructor(private readonly client: EventBridgeClient, private readonly busName: string) {}

  /** Validates the detail against its schema before sending: a producer bug never reaches the bus. */
  async publish(detailType: GuardrailDetailType, detail: unknown, resources: string[] = []): Promise<void> {
    await this.put(detailType, DETAIL_SCHEMAS[detailType].parse(detail), resources);
  }

  /** Asks the evaluator to re-forecast an account whose running costly instances changed. */
  async requestEvaluation(detail: RuntimeLedgerChanged): Promise<void> {
    await this.put(EVALUATION_TRIGGER_TYPES.runtimeLedgerChanged, runtimeLedgerChangedSchema.parse(detail), []);
  }

  /** Asks the enforcer to look at an account again (after an approval, or an exemption written by an operator). */
  async requestRecheck(request: Omit<RecheckPayload, 'kind'>): Promise<void> {
    await this.put(RECHECK_REQUESTED, recheckRequestedSchema.parse(request), []);
  }

  /** Long lists are cut to fit EventBridge's 256 KB entry, with a count of what was left out (core/events/fit.ts). */
  private async put(detailType: string, detail: unknown, resources: string[]): Promise<void> {
    const fitted = fitDetail(EVENT_SOURCE, detailType, detail, resources);
    const out = await this.client.send(new PutEventsCommand({
      Entries: [{ EventBusName: this.busName, Source: EVENT_SOURCE, DetailType: detailType, Detail: JSON.stringify(fitted), Resources: resources }],
    }));
    if (out.FailedEntryCount) {
      const entry = out.Entries?.find((e) => e.ErrorCode);
      throw new Error(`PutEvents failed for "${detailType}": ${entry?.ErrorCode ?? 'unknown'} ${entry?.ErrorMessage ?? ''}`.trim());
    }
  }
}

/** Publishes guardrail events on the hub bus, with the source and detail-types from core/events. */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DETAIL_SCHEMAS, EVENT_SOURCE } from '../../core/events/schemas';

export type GuardrailDetailType = keyof typeof DETAIL_SCHEMAS;

export class GuardrailBus {
  constructor(private readonly client: EventBridgeClient, private readonly busName: string) {}

  /** Validates the detail against its schema before sending: a producer bug never reaches the bus. */
  async publish(detailType: GuardrailDetailType, detail: unknown, resources: string[] = []): Promise<void> {
    const parsed = DETAIL_SCHEMAS[detailType].parse(detail);
    const out = await this.client.send(new PutEventsCommand({
      Entries: [{ EventBusName: this.busName, Source: EVENT_SOURCE, DetailType: detailType, Detail: JSON.stringify(parsed), Resources: resources }],
    }));
    if (out.FailedEntryCount) {
      const entry = out.Entries?.find((e) => e.ErrorCode);
      throw new Error(`PutEvents failed for "${detailType}": ${entry?.ErrorCode ?? 'unknown'} ${entry?.ErrorMessage ?? ''}`.trim());
    }
  }
}

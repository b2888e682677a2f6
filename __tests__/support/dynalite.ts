/**
 * A real DynamoDB API for tests: dynalite (an open-source implementation of DynamoDB's wire
 * protocol) served in-process on a loopback port, with an in-memory store. Unlike a hand-made
 * model it enforces condition expressions, pagination (1 MB pages, Limit), the 400 KB item limit,
 * the 1,024-byte sort key limit and table-name rules as DynamoDB does.
 *
 *   const db = await startDynalite();           // in beforeAll
 *   const table = await db.createHubTable();     // the hub table's key schema (pk/sk)
 *   ... db.doc (a DynamoDBDocumentClient) ...
 *   await db.stop();                             // in afterAll
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PK, SK } from '../../core/storage/keys';
import { TABLE_NAME } from '../../core/naming/resources';

// dynalite ships no types; it returns an http.Server.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: { createTableMs: number; deleteTableMs: number; updateTableMs: number }) => Server;

export interface Dynalite {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  /** Creates a table with the hub table's key schema; a fresh name each call unless one is given. */
  createHubTable(name?: string): Promise<string>;
  deleteTable(name: string): Promise<void>;
  stop(): Promise<void>;
}

let tableCounter = 0;

export async function startDynalite(): Promise<Dynalite> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    endpoint,
    client,
    doc,
    async createHubTable(name = `${TABLE_NAME}-${process.pid}-${++tableCounter}`) {
      await client.send(new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: PK, KeyType: 'HASH' }, { AttributeName: SK, KeyType: 'RANGE' }],
        AttributeDefinitions: [{ AttributeName: PK, AttributeType: 'S' }, { AttributeName: SK, AttributeType: 'S' }],
      }));
      return name;
    },
    async deleteTable(name) {
      await client.send(new DeleteTableCommand({ TableName: name }));
    },
    async stop() {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The limits the storage code relies on, as dynalite enforces them (DynamoDB's documented limits). */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { startDynalite, type Dynalite } from '../support/dynalite';

let db: Dynalite;
let table: string;
beforeAll(async () => { db = await startDynalite(); table = await db.createHubTable(); });
afterAll(async () => db.stop());

test('a conditional put on an existing key fails with ConditionalCheckFailedException', async () => {
  const item = { pk: 'ACCOUNT#1', sk: 'X' };
  await db.doc.send(new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
  await expect(db.doc.send(new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' })))
    .rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
});

test('a sort key over 1,024 bytes is refused', async () => {
  await expect(db.doc.send(new PutCommand({ TableName: table, Item: { pk: 'A', sk: 'x'.repeat(1025) } })))
    .rejects.toMatchObject({ name: 'ValidationException' });
  await db.doc.send(new PutCommand({ TableName: table, Item: { pk: 'A', sk: 'x'.repeat(1024) } }));
});

test('an item over 400 KB is refused', async () => {
  await expect(db.doc.send(new PutCommand({ TableName: table, Item: { pk: 'B', sk: 'b', blob: 'x'.repeat(400 * 1024) } })))
    .rejects.toMatchObject({ name: 'ValidationException' });
  await db.doc.send(new PutCommand({ TableName: table, Item: { pk: 'B', sk: 'b', blob: 'x'.repeat(390 * 1024) } }));
  const { Item } = await db.doc.send(new GetCommand({ TableName: table, Key: { pk: 'B', sk: 'b' } }));
  expect((Item?.blob as string).length).toBe(390 * 1024);
});

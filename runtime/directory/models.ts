import type { Knex } from 'knex';
import { Model, type JSONSchema, type Pojo, type RelationMappings } from 'objection';

// The directory's tables as objection models: the tenant tree, departments (groups), accounts and
// their memberships. Models are not bound to a knex instance; every query names the database or
// transaction it runs on (`Tenant.query(trx)`), so a test's several runtimes never share one.

const id64 = { type: 'string', minLength: 1, maxLength: 64 } as const;
const name200 = { type: 'string', minLength: 1, maxLength: 200 } as const;

/** SQLite answers booleans as 0/1: the columns a model lists are read as booleans on both databases. */
class DirectoryModel extends Model {
  static booleanColumns: readonly string[] = [];

  override $parseDatabaseJson(json: Pojo): Pojo {
    const parsed = super.$parseDatabaseJson(json);
    for (const column of (this.constructor as typeof DirectoryModel).booleanColumns)
      if (column in parsed && parsed[column] !== null) parsed[column] = Boolean(parsed[column]);
    return parsed;
  }
}

export class Tenant extends DirectoryModel {
  static override tableName = 'tenants';
  static override jsonSchema: JSONSchema = {
    type: 'object',
    required: ['id', 'name', 'created_at'],
    properties: {
      id: id64,
      name: name200,
      parent_id: { anyOf: [id64, { type: 'null' }] },
      created_at: { type: 'string', maxLength: 32 },
    },
  };
  static override get relationMappings(): RelationMappings {
    return {
      parent: {
        relation: Model.BelongsToOneRelation,
        modelClass: Tenant,
        join: { from: 'tenants.parent_id', to: 'tenants.id' },
      },
      groups: {
        relation: Model.HasManyRelation,
        modelClass: Group,
        join: { from: 'tenants.id', to: 'groups.tenant_id' },
      },
    };
  }
  declare id: string;
  declare name: string;
  declare parent_id: string | null;
  declare created_at: string;
}

export class Group extends DirectoryModel {
  static override tableName = 'groups';
  static override jsonSchema: JSONSchema = {
    type: 'object',
    required: ['id', 'name', 'tenant_id'],
    properties: { id: id64, name: name200, tenant_id: id64 },
  };
  static override get relationMappings(): RelationMappings {
    return {
      tenant: {
        relation: Model.BelongsToOneRelation,
        modelClass: Tenant,
        join: { from: 'groups.tenant_id', to: 'tenants.id' },
      },
      members: {
        relation: Model.ManyToManyRelation,
        modelClass: User,
        join: {
          from: 'groups.id',
          through: { from: 'memberships.group_id', to: 'memberships.username', extra: ['leader'] },
          to: 'users.username',
        },
      },
    };
  }
  declare id: string;
  declare name: string;
  declare tenant_id: string;
}

export class User extends DirectoryModel {
  static override tableName = 'users';
  static override idColumn = 'username';
  static override jsonAttributes = ['roles'];
  // `leader` arrives from memberships when users are read as a group's members.
  static override booleanColumns = ['disabled', 'must_change_password', 'demo', 'leader'];
  static override jsonSchema: JSONSchema = {
    type: 'object',
    required: ['username', 'password_hash', 'display_name', 'tenant_id', 'roles', 'created_at'],
    properties: {
      username: id64,
      password_hash: { type: 'string', maxLength: 100 },
      display_name: name200,
      tenant_id: id64,
      roles: { type: 'array', items: { type: 'string' } },
      created_at: { type: 'string', maxLength: 32 },
      disabled: { type: 'boolean' },
      must_change_password: { type: 'boolean' },
      demo: { type: 'boolean' },
    },
  };
  static override get relationMappings(): RelationMappings {
    return {
      tenant: {
        relation: Model.BelongsToOneRelation,
        modelClass: Tenant,
        join: { from: 'users.tenant_id', to: 'tenants.id' },
      },
      groups: {
        relation: Model.ManyToManyRelation,
        modelClass: Group,
        join: {
          from: 'users.username',
          through: { from: 'memberships.username', to: 'memberships.group_id', extra: ['leader'] },
          to: 'groups.id',
        },
      },
    };
  }
  declare username: string;
  declare password_hash: string;
  declare display_name: string;
  declare tenant_id: string;
  declare roles: string[];
  declare created_at: string;
  declare disabled?: boolean;
  declare must_change_password?: boolean;
  declare demo?: boolean;
  declare leader?: boolean;
  declare groups?: Group[];
}

export class Membership extends DirectoryModel {
  static override tableName = 'memberships';
  static override idColumn = ['username', 'group_id'];
  static override booleanColumns = ['leader'];
  static override jsonSchema: JSONSchema = {
    type: 'object',
    required: ['username', 'group_id'],
    properties: { username: id64, group_id: id64, leader: { type: 'boolean' } },
  };
  declare username: string;
  declare group_id: string;
  declare leader?: boolean;
}

/**
 * Inserts several rows of a model in one statement, each checked against the model's JSON
 * schema first (objection inserts many rows at once only on PostgreSQL).
 */
export async function insertMany<M extends typeof DirectoryModel>(
  db: Knex | Knex.Transaction,
  model: M,
  rows: Pojo[],
): Promise<void> {
  if (rows.length === 0) return;
  await db(model.tableName).insert(rows.map((row) => model.fromJson(row).$toDatabaseJson()));
}

/**
 * Inserts one row checked against its model's JSON schema unless a row with the same key exists;
 * true when it was written.
 */
export async function insertMissing<M extends typeof DirectoryModel>(
  db: Knex | Knex.Transaction,
  model: M,
  row: Pojo,
): Promise<boolean> {
  const key = ([] as string[]).concat(model.idColumn);
  const written = (await db(model.tableName)
    .insert(model.fromJson(row).$toDatabaseJson())
    .onConflict(key)
    .ignore()
    .returning(key)) as unknown[];
  return written.length > 0;
}

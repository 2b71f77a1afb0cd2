/**
 * Hand-written stand-in for the file `npx convex dev` generates.
 *
 * It exists so that `zaileys.ts` can be type-checked and run in the project's
 * test backend without a deployment. Do not copy it into your own project:
 * there `npx convex dev` / `npx convex codegen` writes `convex/_generated/`.
 */
import type {
  DataModelFromSchemaDefinition,
  DocumentByName,
  SystemTableNames,
  TableNamesInDataModel,
} from "convex/server";
import type { GenericId } from "convex/values";
import schema from "../schema";

export type DataModel = DataModelFromSchemaDefinition<typeof schema>;

export type TableNames = TableNamesInDataModel<DataModel>;

export type Doc<TableName extends TableNames> = DocumentByName<
  DataModel,
  TableName
>;

export type Id<TableName extends TableNames | SystemTableNames> =
  GenericId<TableName>;

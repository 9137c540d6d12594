// Generates generated/schema.d.ts from the repository's openapi.yaml with openapi-typescript's documented Node API.
// One option beyond the defaults: `format: binary` becomes Blob (what FormData and fetch take) instead of string,
// the transform openapi-typescript's documentation gives for file uploads.
import { mkdir, writeFile } from "node:fs/promises";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";

const contract = new URL("../../openapi.yaml", import.meta.url);
const output = new URL("./generated/schema.d.ts", import.meta.url);
const BLOB = ts.factory.createTypeReferenceNode(ts.factory.createIdentifier("Blob"));
const NULL = ts.factory.createLiteralTypeNode(ts.factory.createNull());

const ast = await openapiTS(contract, {
  transform(schemaObject) {
    if (schemaObject.format === "binary") {
      return schemaObject.nullable ? ts.factory.createUnionTypeNode([BLOB, NULL]) : BLOB;
    }
    return undefined;
  },
});
await mkdir(new URL("./generated/", import.meta.url), { recursive: true });
await writeFile(output, `// Generated from openapi.yaml by clients/typescript/generate.mjs; do not edit.\n${astToString(ast)}`);
console.log(`generated ${output.pathname}`);

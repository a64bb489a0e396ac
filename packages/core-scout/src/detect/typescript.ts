import ts from 'typescript';
import type { Finding } from './types.js';

/**
 * Finds agent tools in TypeScript and JavaScript with the TypeScript compiler's parser, so only
 * real calls and object keys count: a `tool({ name: 'x' })` inside a comment or a string is text,
 * not a node, and is never reported. Syntax errors do not stop the walk (the parser recovers), and
 * no type checking happens, so files are handled one at a time and quickly.
 *
 * Recognised shapes:
 * - Vercel AI SDK: `tool({ ... })` without a `name`, named by the key it sits under
 *   (`tools: { getWeather: tool(...) }`) or the variable it is assigned to; every key of an object
 *   passed or declared as `tools` (`generateText({ tools: { a, b } })`, `const tools = { ... }`).
 * - OpenAI Agents JS: `tool({ name: 'x', ... })`.
 * - LangChain.js: `tool(fn, { name: 'x' })`, `new DynamicStructuredTool({ name })`,
 *   `new DynamicTool({ name })`, and classes extending `StructuredTool`/`Tool` with a `name` field.
 * - MCP servers: `server.registerTool('x', ...)` and `server.tool('x', ...)`.
 */

type Framework = 'vercel_ai' | 'openai_agents' | 'langchain' | 'mcp';

const FRAMEWORK_BY_MODULE: ReadonlyArray<readonly [RegExp, Framework]> = [
  [/^ai$|^@ai-sdk\//, 'vercel_ai'],
  [/^@openai\/agents/, 'openai_agents'],
  [/^@langchain\/|^langchain(\/|$)/, 'langchain'],
  [/^@modelcontextprotocol\//, 'mcp'],
];

const LANGCHAIN_TOOL_CLASSES = new Set(['DynamicStructuredTool', 'DynamicTool', 'StructuredTool', 'Tool']);
const MCP_REGISTER_METHODS = new Set(['registerTool', 'tool']);

export function scriptKindFor(path: string): ts.ScriptKind | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.d.ts') || lower.endsWith('.d.mts') || lower.endsWith('.d.cts')) return undefined;
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (lower.endsWith('.ts') || lower.endsWith('.mts') || lower.endsWith('.cts')) return ts.ScriptKind.TS;
  if (lower.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (lower.endsWith('.js') || lower.endsWith('.mjs') || lower.endsWith('.cjs')) return ts.ScriptKind.JS;
  return undefined;
}

/** Text of a string literal or a plain template, or of an identifier / literal property key. */
function literalText(node: ts.Node | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  return undefined;
}

function propertyKey(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text.replace(/^#/, '');
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return undefined;
}

/** The string value of `name: '...'` in an object literal, if present. */
function nameProperty(node: ts.Expression | undefined): string | undefined {
  if (node === undefined || !ts.isObjectLiteralExpression(node)) return undefined;
  for (const property of node.properties) {
    if (ts.isPropertyAssignment(property) && propertyKey(property.name) === 'name') return literalText(property.initializer);
  }
  return undefined;
}

function unwrap(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isNonNullExpression(current)) {
    current = current.expression;
  }
  return current;
}

/** Local import names → the framework of the module they come from (`import { tool } from 'ai'`). */
function importedFrameworks(source: ts.SourceFile): Map<string, Framework> {
  const out = new Map<string, Framework>();
  const frameworkOf = (specifier: string) => FRAMEWORK_BY_MODULE.find(([pattern]) => pattern.test(specifier))?.[1];
  const bindName = (name: ts.BindingName | ts.Identifier, framework: Framework) => {
    if (ts.isIdentifier(name)) out.set(name.text, framework);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bindName(element.name, framework);
  };
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const framework = frameworkOf(statement.moduleSpecifier.text);
      const clause = statement.importClause;
      if (framework === undefined || clause === undefined) continue;
      if (clause.name) out.set(clause.name.text, framework);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) out.set(element.name.text, framework);
      if (bindings && ts.isNamespaceImport(bindings)) out.set(bindings.name.text, framework);
    }
    // CommonJS: const { tool } = require('ai')
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer && unwrap(declaration.initializer);
        if (init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require') {
          const specifier = literalText(init.arguments[0]);
          const framework = specifier === undefined ? undefined : frameworkOf(specifier);
          if (framework !== undefined) bindName(declaration.name, framework);
        }
      }
    }
  }
  return out;
}

/** The callee's local name (`tool`, or `ai.tool` → `tool` with receiver `ai`). */
interface Callee {
  readonly name: string;
  /** True for `x.name(...)`; `receiver` is `x` when it is a plain identifier. */
  readonly member: boolean;
  readonly receiver?: string;
}

function calleeParts(expression: ts.Expression): Callee | undefined {
  if (ts.isIdentifier(expression)) return { name: expression.text, member: false };
  if (ts.isPropertyAccessExpression(expression)) {
    const name = expression.name.text;
    return ts.isIdentifier(expression.expression) ? { name, member: true, receiver: expression.expression.text } : { name, member: true };
  }
  return undefined;
}

/** The name a value gets from where it is written: `key: value` or `const name = value`. */
function contextualName(node: ts.Node): string | undefined {
  let current: ts.Node = node;
  while (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent) || ts.isSatisfiesExpression(current.parent)) {
    current = current.parent;
  }
  const parent = current.parent;
  if (ts.isPropertyAssignment(parent) && parent.initializer === current) return propertyKey(parent.name);
  if (ts.isVariableDeclaration(parent) && parent.initializer === current && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

function isPlainLiteral(node: ts.Expression): boolean {
  return (
    ts.isStringLiteral(node) ||
    ts.isNumericLiteral(node) ||
    ts.isNoSubstitutionTemplateLiteral(node) ||
    node.kind === ts.SyntaxKind.TrueKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword ||
    node.kind === ts.SyntaxKind.NullKeyword
  );
}

function isToolsObjectContainer(node: ts.ObjectLiteralExpression): boolean {
  return contextualName(node) === 'tools';
}

export function detectTypeScriptTools(path: string, text: string): Finding[] {
  const kind = scriptKindFor(path);
  if (kind === undefined) return [];
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
  const imports = importedFrameworks(source);
  // A plain `tools` object counts only in files that use an agent framework; elsewhere the word is
  // too common. MCP SDK files are left out: there `tools: { listChanged: true }` is a capability.
  const usesFramework = [...imports.values()].some((framework) => framework !== 'mcp');
  const findings: Finding[] = [];
  const add = (name: string | undefined, framework: Framework) => {
    if (name !== undefined && name.trim() !== '') findings.push({ kind: 'tool', name, tag: `framework:${framework}` });
  };

  const visitCall = (call: ts.CallExpression) => {
    const callee = calleeParts(call.expression);
    if (callee === undefined) return;
    const [first, second] = call.arguments;
    const imported = imports.get(callee.receiver ?? callee.name);
    if (callee.name === 'tool' && (!callee.member || imported !== undefined)) {
      const firstExpr = first && unwrap(first);
      const secondExpr = second && unwrap(second);
      // tool(fn, { name }) is LangChain.js; tool({ name }) is OpenAI Agents; tool({ ... }) is the AI SDK.
      if (secondExpr && ts.isObjectLiteralExpression(secondExpr) && nameProperty(secondExpr) !== undefined) {
        add(nameProperty(secondExpr), imported === 'vercel_ai' || imported === 'openai_agents' ? imported : 'langchain');
        return;
      }
      if (firstExpr && ts.isObjectLiteralExpression(firstExpr)) {
        const named = nameProperty(firstExpr);
        if (named !== undefined) add(named, imported === 'langchain' || imported === 'vercel_ai' ? imported : 'openai_agents');
        else if (imported === undefined || imported === 'vercel_ai') add(contextualName(call), 'vercel_ai');
      }
      return;
    }
    if (callee.member && MCP_REGISTER_METHODS.has(callee.name)) {
      // server.tool('name', ...) / server.registerTool('name', ...): the first argument names it.
      const name = first && literalText(unwrap(first));
      if (name !== undefined && (callee.name === 'registerTool' || call.arguments.length >= 2)) add(name, 'mcp');
    }
  };

  const visitNew = (expression: ts.NewExpression) => {
    const callee = calleeParts(expression.expression);
    if (callee === undefined || !LANGCHAIN_TOOL_CLASSES.has(callee.name)) return;
    const first = expression.arguments?.[0];
    add(nameProperty(first && unwrap(first)), 'langchain');
  };

  const visitClass = (node: ts.ClassLikeDeclaration) => {
    const extendsLangChain = node.heritageClauses?.some(
      (clause) =>
        clause.token === ts.SyntaxKind.ExtendsKeyword &&
        clause.types.some((type) => {
          const parts = calleeParts(type.expression);
          return parts !== undefined && LANGCHAIN_TOOL_CLASSES.has(parts.name);
        }),
    );
    if (!extendsLangChain) return;
    for (const member of node.members) {
      if (ts.isPropertyDeclaration(member) && member.name && propertyKey(member.name) === 'name') {
        add(literalText(member.initializer && unwrap(member.initializer)), 'langchain');
      }
    }
  };

  const visitToolsObject = (object: ts.ObjectLiteralExpression) => {
    for (const property of object.properties) {
      if (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property) || ts.isMethodDeclaration(property)) {
        const key = propertyKey(property.name);
        if (ts.isPropertyAssignment(property)) {
          const value = unwrap(property.initializer);
          // Keys whose value is a named tool() call are reported by that call instead.
          if (ts.isCallExpression(value) && nameProperty(value.arguments[0]) !== undefined) continue;
          // A tool is a definition (call, reference, object, function); a flag or a number is configuration.
          if (isPlainLiteral(value)) continue;
        }
        add(key, 'vercel_ai');
      }
    }
  };

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) visitCall(node);
    else if (ts.isNewExpression(node)) visitNew(node);
    else if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) visitClass(node);
    else if (usesFramework && ts.isObjectLiteralExpression(node) && isToolsObjectContainer(node)) visitToolsObject(node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

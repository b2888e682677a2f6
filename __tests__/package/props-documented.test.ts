/**
 * aws-solutions-constructs style: every prop of every construct the package exports is readonly,
 * and every optional one documents its @default (what the README's "Default settings" draws on).
 */
import * as path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');

describe('the exported props', () => {
  it('are readonly, and optional ones say their @default', () => {
    const program = ts.createProgram([path.join(ROOT, 'index.ts')], { module: ts.ModuleKind.CommonJS, noEmit: true, skipLibCheck: true });
    const checker = program.getTypeChecker();
    const entry = program.getSourceFile(path.join(ROOT, 'index.ts'));
    if (!entry) throw new Error('index.ts not found');
    const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(entry) as ts.Symbol);
    const props = exported.filter((s) => /Props$|^StackOptions$/.test(s.name));
    expect(props.map((s) => s.name)).toEqual(expect.arrayContaining(['BillingHubProps', 'MemberGuardrailsProps', 'HubStackProps', 'MemberStackProps', 'StackOptions']));
    const problems: string[] = [];
    let checked = 0;
    for (const symbol of props) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      for (const declaration of target.declarations ?? []) {
        if (!ts.isInterfaceDeclaration(declaration)) continue;
        for (const member of declaration.members) {
          if (!ts.isPropertySignature(member)) continue;
          checked += 1;
          const name = `${symbol.name}.${member.name.getText()}`;
          if (!member.modifiers?.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword)) problems.push(`${name} is not readonly`);
          if (member.questionToken && !ts.getJSDocTags(member).some((t) => t.tagName.text === 'default')) problems.push(`${name} is optional without @default`);
        }
      }
    }
    expect(checked).toBeGreaterThan(15);
    expect(problems).toEqual([]);
  });
});

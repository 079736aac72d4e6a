import type { ESLint, Rule } from 'eslint';

export declare const noLiteralUiStrings: Rule.RuleModule;
export declare const qelemPlugin: ESLint.Plugin;

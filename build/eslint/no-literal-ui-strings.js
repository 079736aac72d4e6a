/**
 * Every visible string of the interface comes from i18next. This rule rejects
 * text written straight into JSX, and literal strings in the attributes a user
 * sees or hears (aria-label, title, placeholder, alt …), when they contain a
 * letter. Punctuation and symbols (|, ×, ·) are not words and pass.
 */
const VISIBLE_ATTRIBUTES = new Set(['aria-label', 'aria-placeholder', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'title', 'placeholder', 'alt', 'label']);
const LETTER = /\p{L}/u;

/** @type {import('eslint').Rule.RuleModule} */
export const noLiteralUiStrings = {
  meta: {
    type: 'problem',
    docs: { description: 'Visible interface text must come from i18next resources' },
    messages: {
      text: 'Literal text "{{text}}" in JSX: put it in renderer/i18n/locales and use t().',
      attribute: 'Literal {{name}}="{{text}}": put it in renderer/i18n/locales and use t().',
    },
    schema: [],
  },
  create(context) {
    return {
      JSXText(node) {
        const text = node.value.trim();
        if (LETTER.test(text)) context.report({ node, messageId: 'text', data: { text: text.slice(0, 40) } });
      },
      JSXAttribute(node) {
        const name = node.name.type === 'JSXIdentifier' ? node.name.name : null;
        if (!name || !VISIBLE_ATTRIBUTES.has(name) || !node.value) return;
        const value = node.value.type === 'Literal' ? node.value.value : node.value.type === 'JSXExpressionContainer' && node.value.expression.type === 'Literal' ? node.value.expression.value : null;
        if (typeof value === 'string' && LETTER.test(value)) context.report({ node, messageId: 'attribute', data: { name, text: value.slice(0, 40) } });
      },
      // {'Some text'} as a child
      'JSXExpressionContainer > Literal'(node) {
        if (node.parent.parent?.type !== 'JSXElement' && node.parent.parent?.type !== 'JSXFragment') return;
        if (typeof node.value === 'string' && LETTER.test(node.value)) context.report({ node, messageId: 'text', data: { text: node.value.slice(0, 40) } });
      },
    };
  },
};

export const qelemPlugin = { rules: { 'no-literal-ui-strings': noLiteralUiStrings } };

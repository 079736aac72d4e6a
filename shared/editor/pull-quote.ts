import { QuoteNode } from '@lexical/rich-text';
import { $applyNodeReplacement, $getDocument, addClassNamesToElement, isHTMLElement, type DOMConversionOutput, type DOMExportOutput, type EditorConfig, type LexicalEditor, type LexicalNode } from 'lexical';

/**
 * A pull quote: a short quotation lifted out of the body for display. It
 * behaves like a block quote while editing and exports as
 * `<aside class="pull-quote">`, so a reader's screen reader does not read it
 * twice as part of the running text.
 */
export class PullQuoteNode extends QuoteNode {
  override $config() {
    return this.config('pull-quote', {
      extends: QuoteNode,
      importDOM: {
        aside: (dom: HTMLElement) => (dom.classList.contains('pull-quote') ? { conversion: $convertPullQuote, priority: 1 as const } : null),
      },
    });
  }

  override createDOM(config: EditorConfig): HTMLElement {
    const element = $getDocument().createElement('aside');
    addClassNamesToElement(element, config.theme['pullQuote'] as string | undefined);
    return element;
  }

  override exportDOM(editor: LexicalEditor): DOMExportOutput {
    const output = super.exportDOM(editor);
    if (isHTMLElement(output.element)) {
      const aside = $getDocument().createElement('aside');
      aside.className = 'pull-quote';
      if (output.element.dir) aside.dir = output.element.dir;
      aside.append(...Array.from(output.element.childNodes));
      return { element: aside };
    }
    return output;
  }
}

function $convertPullQuote(): DOMConversionOutput {
  return { node: $createPullQuoteNode() };
}

export function $createPullQuoteNode(): PullQuoteNode {
  return $applyNodeReplacement(new PullQuoteNode());
}

export function $isPullQuoteNode(node: LexicalNode | null | undefined): node is PullQuoteNode {
  return node instanceof PullQuoteNode;
}

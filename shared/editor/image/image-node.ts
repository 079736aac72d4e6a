import {
  $create,
  $getDocument,
  $getState,
  $setState,
  addClassNamesToElement,
  createState,
  DecoratorNode,
  type DOMConversionOutput,
  type DOMExportOutput,
  type EditorConfig,
  type LexicalEditor,
  type LexicalNode,
  type SerializedLexicalNode,
} from 'lexical';
import { IMAGE_TEXT_LIMITS, parseDimension, parseSha256, parseText, type ImageData, type ImageTextField } from './image-data';
import { parseImageFigure } from './image-parser';
import { renderImageFigure } from './image-renderer';

export type SerializedImageNode = SerializedLexicalNode & ImageData;

// Flat states: each is a top-level key of the node's JSON ({ type: 'image', sha256, width, … }).
// A malformed saved value reads as the default instead of breaking the whole body.
const STATES = {
  sha256: createState('sha256', { parse: parseSha256 }),
  width: createState('width', { parse: parseDimension }),
  height: createState('height', { parse: parseDimension }),
  alt: createState('alt', { parse: parseText(IMAGE_TEXT_LIMITS.alt) }),
  caption: createState('caption', { parse: parseText(IMAGE_TEXT_LIMITS.caption) }),
  credit: createState('credit', { parse: parseText(IMAGE_TEXT_LIMITS.credit) }),
};

/** What the renderer shows for an image node (React elements there); null headless. */
export type ImageDecorator = (node: ImageNode, editor: LexicalEditor) => unknown;

// Set per editor by ImageExtension from its config: shared code stays free of React.
const decorators = new WeakMap<LexicalEditor, ImageDecorator>();

export function registerImageDecorator(editor: LexicalEditor, decorate: ImageDecorator): () => void {
  decorators.set(editor, decorate);
  return () => {
    if (decorators.get(editor) === decorate) decorators.delete(editor);
  };
}

/**
 * An image block: a top-level decorator holding the data of ./image-data.
 * Its HTML comes from ./image-renderer and is read back by ./image-parser
 * (Koenig's node, parser and renderer). The editing view is the renderer's
 * business, configured through ImageExtension.
 */
export class ImageNode extends DecoratorNode<unknown> {
  override $config() {
    return this.config('image', {
      extends: DecoratorNode,
      stateConfigs: [
        { flat: true, stateConfig: STATES.sha256 },
        { flat: true, stateConfig: STATES.width },
        { flat: true, stateConfig: STATES.height },
        { flat: true, stateConfig: STATES.alt },
        { flat: true, stateConfig: STATES.caption },
        { flat: true, stateConfig: STATES.credit },
      ],
      importDOM: {
        // Priority over any generic figure handling; null for figures that are not ours.
        figure: (dom: HTMLElement) => (parseImageFigure(dom) ? { conversion: $convertImageFigure, priority: 3 as const } : null),
      },
    });
  }

  getData(): ImageData {
    return {
      sha256: $getState(this, STATES.sha256),
      width: $getState(this, STATES.width),
      height: $getState(this, STATES.height),
      alt: $getState(this, STATES.alt),
      caption: $getState(this, STATES.caption),
      credit: $getState(this, STATES.credit),
    };
  }

  getText(field: ImageTextField): string {
    return $getState(this, STATES[field]);
  }

  setText(field: ImageTextField, value: string): this {
    return $setState(this, STATES[field], value.slice(0, IMAGE_TEXT_LIMITS[field]));
  }

  setData(data: Partial<ImageData>): this {
    const writable = this.getWritable();
    if (data.sha256 !== undefined) $setState(writable, STATES.sha256, parseSha256(data.sha256));
    if (data.width !== undefined) $setState(writable, STATES.width, parseDimension(data.width));
    if (data.height !== undefined) $setState(writable, STATES.height, parseDimension(data.height));
    for (const field of ['alt', 'caption', 'credit'] as const) {
      const value = data[field];
      if (value !== undefined) writable.setText(field, value);
    }
    return writable;
  }

  /** Every field, empty ones included: the saved body is read by the exporter and by other builds too. */
  override exportJSON(): SerializedImageNode {
    return { ...super.exportJSON(), ...this.getData() };
  }

  override createDOM(config: EditorConfig): HTMLElement {
    const element = $getDocument().createElement('div');
    addClassNamesToElement(element, config.theme['image'] as string | undefined);
    return element;
  }

  override updateDOM(): false {
    return false;
  }

  override exportDOM(): DOMExportOutput {
    return { element: renderImageFigure(this.getData(), $getDocument()) };
  }

  override isInline(): false {
    return false;
  }

  override decorate(editor: LexicalEditor): unknown {
    return decorators.get(editor)?.(this, editor) ?? null;
  }
}

function $convertImageFigure(dom: HTMLElement): DOMConversionOutput {
  const data = parseImageFigure(dom);
  // The figure's children (img, figcaption) are the node's data, not blocks of their own.
  return { node: data ? $createImageNode(data) : null, after: () => [] };
}

export function $createImageNode(data: Partial<ImageData> = {}): ImageNode {
  return $create(ImageNode).setData(data);
}

export function $isImageNode(node: LexicalNode | null | undefined): node is ImageNode {
  return node instanceof ImageNode;
}

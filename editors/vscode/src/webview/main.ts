// The script of the "Show Flow Graph" webview: shows the SVG fdl drew, sends a click on a step
// to the extension, and marks the step under the editor's cursor. The extension sends only
// messages that parseToWebview accepts; there is no layout here, fdl lays the drawing out.

import { parseToWebview, type FromWebview, type ToWebview } from '../graph/model';

interface VsCodeApi {
    postMessage(message: FromWebview): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const drawing = document.getElementById('drawing') as HTMLDivElement;
const messageBox = document.getElementById('message') as HTMLDivElement;
const captionBox = document.getElementById('caption') as HTMLDivElement;
/** The nonce of this page, which the drawing's style sheet needs to be applied. */
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';
let highlighted: string | null = null;

const CURRENT = 'fdl-current';

function stepNodes(): Element[] {
    return Array.from(drawing.querySelectorAll('g.node.step[data-id]'));
}

function findStep(id: string): Element | undefined {
    return stepNodes().find((node) => node.getAttribute('data-id') === id);
}

function applyHighlight(scroll: boolean): void {
    for (const node of drawing.querySelectorAll(`.${CURRENT}`)) {
        node.classList.remove(CURRENT);
    }
    if (highlighted === null) {
        return;
    }
    const node = findStep(highlighted);
    if (node === undefined) {
        return;
    }
    node.classList.add(CURRENT);
    if (scroll) {
        const box = node.getBoundingClientRect();
        const offScreen = box.top < 0 || box.left < 0 || box.bottom > window.innerHeight || box.right > window.innerWidth;
        if (offScreen) {
            node.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'smooth' });
        }
    }
}

function setStyle(css: string): void {
    document.getElementById('drawing-style')?.remove();
    if (css.length === 0) {
        return;
    }
    const style = document.createElement('style');
    style.id = 'drawing-style';
    style.nonce = nonce;
    style.textContent = css;
    document.head.appendChild(style);
}

function showMessage(text: string | null): void {
    messageBox.hidden = text === null;
    messageBox.textContent = text ?? '';
}

function draw(message: Extract<ToWebview, { type: 'graph' }>): void {
    captionBox.textContent = message.caption;
    if (message.svg === null) {
        drawing.hidden = true;
        drawing.replaceChildren();
        showMessage(message.message ?? 'There is no graph to show.');
        return;
    }
    // Parsed as XML, so nothing in it runs (the page's policy would block a script anyway).
    const parsed = new DOMParser().parseFromString(message.svg, 'image/svg+xml');
    const svg = parsed.documentElement;
    if (svg.nodeName !== 'svg' || parsed.getElementsByTagName('parsererror').length > 0) {
        drawing.hidden = true;
        drawing.replaceChildren();
        showMessage('The drawing could not be read (this is a bug in fdl, please report it).');
        return;
    }
    setStyle(message.css);
    const scrollX = window.scrollX;
    const scrollY = window.scrollY;
    drawing.replaceChildren(document.importNode(svg, true));
    for (const node of stepNodes()) {
        node.setAttribute('tabindex', '0');
        node.setAttribute('role', 'button');
        const name = node.querySelector('text.name')?.textContent ?? node.getAttribute('data-id') ?? '';
        node.setAttribute('aria-label', `Go to step ${name}`);
    }
    drawing.hidden = false;
    showMessage(message.message);
    // Typing redraws: keep the reader where they were.
    window.scrollTo(scrollX, scrollY);
    applyHighlight(false);
}

function reveal(target: EventTarget | null): void {
    const node = target instanceof Element ? target.closest('g.node.step[data-id]') : null;
    const id = node?.getAttribute('data-id');
    if (id) {
        vscode.postMessage({ type: 'reveal', id });
    }
}

drawing.addEventListener('click', (event) => reveal(event.target));
drawing.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        reveal(event.target);
    }
});

window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = parseToWebview(event.data);
    if (message === undefined) {
        return;
    }
    if (message.type === 'graph') {
        draw(message);
    } else {
        highlighted = message.id;
        applyHighlight(true);
    }
});

vscode.postMessage({ type: 'ready' });

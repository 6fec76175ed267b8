/** A tiny element builder: enough for small screens without a framework, and text is always set as text. */
type Child = Node | string | number | null | undefined | false;

export interface Props {
  [attribute: string]: string | number | boolean | undefined | ((event: Event) => void);
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') {
      element.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** Says something to screen readers through the page's polite live region. */
export function announce(message: string): void {
  const live = document.getElementById('live');
  if (!live) return;
  live.textContent = '';
  // A fresh text node in the next frame is announced even when the same message repeats.
  requestAnimationFrame(() => {
    live.textContent = message;
  });
}

/** A status line inside a screen; `role=alert` for errors so they are read at once. */
export function statusBox(): { element: HTMLElement; info(text: string): void; error(text: string): void; clear(): void } {
  const element = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  return {
    element,
    info(text) {
      element.className = 'status';
      element.setAttribute('role', 'status');
      element.textContent = text;
    },
    error(text) {
      element.className = 'status error';
      element.setAttribute('role', 'alert');
      element.textContent = text;
    },
    clear() {
      element.textContent = '';
    },
  };
}

/**
 * Chromium saves the values of form fields into its session state (used to restore tabs),
 * which it writes to disk. Fields marked autocomplete="off" are left out of that state,
 * so every field in the app is marked, including ones added later by any screen.
 */
const FIELDS = 'input, textarea, select';

const protect = (el: Element): void => {
  if (el.getAttribute('autocomplete') !== 'off') el.setAttribute('autocomplete', 'off');
};

export function protectFormFields(root: Document = document): () => void {
  root.querySelectorAll(FIELDS).forEach(protect);
  const observer = new MutationObserver((mutations) => {
    for (const m of mutations) {
      m.addedNodes.forEach((node) => {
        if (!(node instanceof Element)) return;
        if (node.matches(FIELDS)) protect(node);
        node.querySelectorAll(FIELDS).forEach(protect);
      });
      if (m.type === 'attributes' && m.target instanceof Element) protect(m.target);
    }
  });
  observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['autocomplete'] });
  return () => observer.disconnect();
}

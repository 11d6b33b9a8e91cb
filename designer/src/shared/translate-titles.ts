/**
 * Says again, through `translate`, the tooltips a library draws under `root` without its translation
 * (bpmn-js-properties-panel's FEEL switch and pop-up editor, dmn-js' column drag handles): each `title`
 * of an element matching `selector` as it appears or changes. Answers a function that stops watching.
 */
export function translateTitles(
  root: HTMLElement,
  translate: (text: string) => string,
  selector = '[title]',
): () => void {
  const say = (element: Element) => {
    const title = element.getAttribute('title');
    if (title === null || !element.matches(selector)) return;
    const said = translate(title);
    if (said !== title) element.setAttribute('title', said);
  };
  const visit = (node: Node) => {
    if (!(node instanceof Element)) return;
    say(node);
    node.querySelectorAll(selector).forEach(say);
  };
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') say(r.target as Element);
      else r.addedNodes.forEach(visit);
    }
  });
  observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['title'] });
  visit(root);
  return () => observer.disconnect();
}

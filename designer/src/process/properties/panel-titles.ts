/**
 * Says the panel's tooltips through `translate`. Some of the library's fields draw theirs without the
 * modeler's translation (a FEEL field's 「在弹窗中编辑」 and its FEEL switch fall back to English), so each
 * title the panel sets is said again as it appears. Answers a function that stops watching.
 */
export function translatePanelTitles(root: HTMLElement, translate: (text: string) => string): () => void {
  const say = (element: Element) => {
    const title = element.getAttribute('title');
    if (title === null) return;
    const said = translate(title);
    if (said !== title) element.setAttribute('title', said);
  };
  const visit = (node: Node) => {
    if (!(node instanceof Element)) return;
    say(node);
    node.querySelectorAll('[title]').forEach(say);
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

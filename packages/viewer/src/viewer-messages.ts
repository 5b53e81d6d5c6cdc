/** The few sentences the viewer shows a shopper, in English and Simplified Chinese. */
const messages = {
  en: {
    label: '3D view of the product. Drag or use the arrow keys to turn it, + and − to zoom, Home to reset.',
    noWebgl: 'This browser cannot show the product in 3D.',
    failed: 'The 3D model could not be loaded.',
    lost: 'The 3D view stopped; it will come back by itself.',
  },
  'zh-CN': {
    label: '产品的 3D 视图。拖动或使用方向键旋转，+ 和 − 缩放，Home 键复位。',
    noWebgl: '此浏览器无法显示产品的 3D 视图。',
    failed: '无法加载 3D 模型。',
    lost: '3D 视图已暂停，稍后会自动恢复。',
  },
} as const;

export type MessageKey = keyof (typeof messages)['en'];

/** The message in the element's language (its own or the nearest `lang`), falling back to English. */
export function message(element: Element, key: MessageKey): string {
  const lang = element.closest('[lang]')?.getAttribute('lang')?.toLowerCase() ?? '';
  return (lang.startsWith('zh') ? messages['zh-CN'] : messages.en)[key];
}

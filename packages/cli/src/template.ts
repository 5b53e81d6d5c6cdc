/**
 * The product file `c2m init` writes: a small but complete example whose comments explain each part,
 * so a manufacturer can edit it rather than start from an empty page.
 */

/** Where the scaffold points editors for the JSON Schema: a copy `c2m init` writes beside the file. */
export const SCHEMA_FILE = 'product-file.schema.json';

/** The scaffold in YAML (comments are why it is YAML: JSON cannot carry them). */
export function productTemplate(id: string, name: string): string {
  return `# yaml-language-server: $schema=./${SCHEMA_FILE}
# (the JSON Schema, for completion in editors: c2m init writes it beside this file; c2m schema -o ${SCHEMA_FILE} renews it)
# A c2m product file: one made-to-order product, its options and what the factory can make.
# Check it with:  c2m validate ${id}.yaml   and   c2m lint ${id}.yaml
# Try it with:    c2m explain ${id}.yaml --select wood=walnut --want finish=white-oil
schemaVersion: 1

product:
  id: ${id}                      # letters, digits, "_", "-", "."; the id the backend stores orders under
  version: "1"                   # change it with every published edit: specifications name the exact version
  name:
    en: ${name}
    zh-CN: ${name}
  currency: EUR                  # ISO 4217; every amount below is in minor units (cents): 1999 = 19.99
  defaultLocale: en              # used when a text has no entry for the shopper's language

# Steps of the configurator; each option names its group.
groups:
  - id: material
    label: { en: Material, zh-CN: 材质 }
  - id: size
    label: { en: Size, zh-CN: 尺寸 }

options:
  - id: wood
    type: choice
    group: material
    label: { en: Wood, zh-CN: 木材 }
    default: oak
    values:
      - { id: oak, label: { en: Oak, zh-CN: 橡木 }, swatch: "#c8a165" }
      - { id: walnut, label: { en: Walnut, zh-CN: 胡桃木 }, swatch: "#5d4037", price: 12000, leadTime: 5 }
      - { id: pine, label: { en: Pine, zh-CN: 松木 }, swatch: "#e6c98f", price: -4000 }
  - id: finish
    type: choice
    group: material
    label: { en: Finish, zh-CN: 表面处理 }
    default: oil
    values:
      - { id: oil, label: { en: Natural oil, zh-CN: 天然油 } }
      - { id: white-oil, label: { en: White oil, zh-CN: 白油 }, price: 2500 }
      - { id: lacquer, label: { en: Lacquer, zh-CN: 清漆 }, price: 4000, leadTime: 2 }
  - id: width
    type: number
    group: size
    label: { en: Width, zh-CN: 宽度 }
    min: 120
    max: 240
    step: 10
    unit: cm
    default: 160
  - id: depth
    type: number
    group: size
    label: { en: Depth, zh-CN: 深度 }
    min: 60
    max: 110
    step: 5
    unit: cm
    default: 80
  - id: extension
    type: boolean
    group: size
    label: { en: Extension leaf, zh-CN: 加长板 }
    price: 15000
    leadTime: 7
  - id: engraving
    type: text
    label: { en: Engraving, zh-CN: 刻字 }
    maxLength: 24
    characters: [latin, digits, space, cjk]
    price: 3000

# Capability rules. Each has an id (shown in reports) and a message shoppers read when it rules a value out.
constraints:
  - id: walnut-no-white-oil
    type: excludes
    message: { en: White oil is not offered on walnut., zh-CN: 胡桃木不提供白油处理。 }
    if: { option: wood, is: walnut }
    then: { option: finish, is: white-oil }
  - id: pine-max-width
    type: domain
    message: { en: Pine tops are made up to 200 cm wide., zh-CN: 松木桌面最宽 200 厘米。 }
    if: { option: wood, is: pine }
    option: width
    max: 200
  - id: proportions
    type: linear
    message: { en: The table must be at least 1.5 times as wide as it is deep., zh-CN: 桌宽至少为桌深的 1.5 倍。 }
    relation: width >= 1.5 * depth
  - id: extension-needs-width
    type: requires
    message: { en: The extension leaf needs a table at least 160 cm wide., zh-CN: 加长板需要桌宽至少 160 厘米。 }
    if: { option: extension, is: true }
    then: { option: width, min: 160 }

# The price: base plus each chosen value's price, plus these lines (amounts or formulas, in cents).
pricing:
  base: 89000
  lines:
    - id: top-area
      label: { en: Size surcharge, zh-CN: 尺寸加价 }
      formula: ceil(width * depth / 1000) * 300
    - id: lacquer-large
      label: { en: Large lacquered top, zh-CN: 大尺寸清漆 }
      if: { all: [ { option: finish, is: lacquer }, { option: width, min: 200 } ] }
      amount: 5000

# Days to make the product: base plus each chosen value's lead time, plus these lines.
leadTime:
  base: 21
  lines: []
`;
}

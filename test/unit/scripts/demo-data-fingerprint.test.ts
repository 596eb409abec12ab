import { createHash } from 'node:crypto';
import { generateDemoData, type DemoOptions } from '../../../scripts/demo/demo-data';
import { OPERATOR_CODES } from '../../../shared/domain/operator';

/**
 * The demo data set's fingerprint: the sha256 of every operator's four record tabs and of the
 * register, recorded before demo-data.ts was split into one-concern files (issue 19). Same seed,
 * same records, byte for byte: a refactor of the generators must leave every hash unchanged; a
 * deliberate change of the data set updates this table in the same commit.
 */
const FINGERPRINTS: readonly [DemoOptions, Record<string, string>][] = [
  [
    { seed: 2007, scale: 1, today: '2025-03-14' },
    {
      register: '60a964f7a4585f76438e27983fb5c267686859d8ea2e179dc8cde2718b2b95e0',
      'CBE-LM': 'e61c1b2af89c710eaba96abf97705cd1aebb4da5acff6d26ec8cfc6f169aa684',
      'EE-DK': 'aa3634f4f938cd28e44ae76cd35bc69444020aeb58d0b661be6c719d4b80ba7f',
      'NA-DEN': '251b899b29ac956d2d3bface6515e32541fe603a1d42e8579316251565939d8b',
      'NA-LIL': '4f5ea7b668800ab7422a31607db281d1c21ba6eb71f5601370cc3828864e2d8e',
      'I62-LEN': '72861c92d6fe19652b17074fb56ddbd3aefa4f59eb0694de0c843cbcb96ad672',
      'I62-CAL': 'df3a1263fdd2e7b913ee5572ac75c9db6da6bd919fc174efd1526c888562b4db',
    },
  ],
  [
    { seed: 2007, scale: 10, today: '2025-03-14' },
    {
      register: '77b1d37ccdabd6820fb492af43d9be4b633d7fdf03454d70a3cad9cbdc969214',
      'CBE-LM': '34dcf7fbc12f3181f04bffa22126d0214653442f310c86714bc10f67f2ab8d44',
      'EE-DK': 'a1714139104f1b7fc212131ca9b11ae85969b7b00d60e175926249fc8937b373',
      'NA-DEN': '2222d32ab345763bf9af3b5aef244e616be2eca2b94fdc4349d08fb6ca2cb6fb',
      'NA-LIL': '286c64a5f5875978cd29965d137522df12bb94f76da0d4b1c86626eee2c193bf',
      'I62-LEN': '25e4deee9962dfd3604f2d834ee19f71927b49a623e6d3ddd58e3361a815adf4',
      'I62-CAL': '8e323580eaa487402aaaa811f2e35e893dbf33e0d494268d20dc15504050c2db',
    },
  ],
  [
    { seed: 42, scale: 1, today: '2026-12-07' },
    {
      register: '0d183c9d4165d04612b0eef1c675672aca9b59f7f6bb1bfbd26ee20ed475f289',
      'CBE-LM': '97bb535795657257faacc29649359feeb154d1c65910d043c0f9f9986a45637a',
      'EE-DK': '679229d73876e3e63068e60533cd6c80533f8be2d69550db3669b548766c64e5',
      'NA-DEN': 'd96fd72eaa48abcd7c738cb284b5106ea7477c8679ffc6e9e6c93269e1de16c1',
      'NA-LIL': '0aafc0ef57ddd4d92a1db6c77b4bcb0dbf78474db9b8bc05aaae1e57e1dc049c',
      'I62-LEN': '7f42b33efa9e32d0cd5de7b97e9d958bceaf66823e35affafec8a0aa8181c210',
      'I62-CAL': '557baeea00d1fcb8003f4cb15f8030c5f4cd74234d9a2a8f40aceecf4f159fcd',
    },
  ],
  [
    { seed: 7, scale: 0.5, today: '2024-02-29' },
    {
      register: '89a669bea8b2b08f5059878e70c542b46e4a22b0946058c67fc6cc588722f2cc',
      'CBE-LM': '32a6544bfe80f2175e1de22546c3e4aea41f4144e770c34dc0fdb55d086af6c7',
      'EE-DK': '0fe3c1aa440ef85e11ea24be36475ac1b9dcd12b6101cdee4894f04e0c751a76',
      'NA-DEN': '2b85be0a129ca21a33dada9bd6841e35d9e245a3a8764fe68a63498a1f75e103',
      'NA-LIL': 'c8a698e581a0a5dd0cc75baf05cb97c874122a78868cb3af9efbcba94d77d7af',
      'I62-LEN': '7e7632b425854abc7dde04193ddb7b8450f8f08fc4803fece6f458395a6cf0d4',
      'I62-CAL': 'cf569719d72c5b967139ab4c17d02fbb17ad851cd4714dac80ce0d15a4368b46',
    },
  ],
];

function sha256(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

function fingerprint(options: DemoOptions): Record<string, string> {
  const demo = generateDemoData(options);
  const hashes: Record<string, string> = { register: sha256(demo.register) };
  for (const code of OPERATOR_CODES) {
    const { beneficiaries, plans, missions, solicitations } = demo.operators[code];
    hashes[code] = sha256({ beneficiaries, plans, missions, solicitations });
  }
  return hashes;
}

describe('the demo data set is the same, byte for byte, for the same options', () => {
  it.each(FINGERPRINTS)('%j', (options, expected) => {
    expect(fingerprint(options)).toEqual(expected);
  });
});

import { definePreset } from '@primeuix/themes'
import Aura from '@primeuix/themes/aura'

/**
 * Aura tuned toward Windows 11 (Fluent): the app's accent blue, neutral greys taken from
 * WinUI's light and dark layers, small corner radii and a solid focus ring.
 */
export const JobQueuePreset = definePreset(Aura, {
  primitive: {
    borderRadius: { none: '0', xs: '2px', sm: '4px', md: '4px', lg: '6px', xl: '8px' },
    accent: {
      50: '#eef5fc',
      100: '#d5e6f7',
      200: '#abcdef',
      300: '#7db4e8',
      400: '#5aa0e6',
      500: '#2a7ccc',
      600: '#0b5cad',
      700: '#0a4d91',
      800: '#0a3f76',
      900: '#0b335e',
      950: '#07203d'
    }
  },
  semantic: {
    primary: {
      50: '{accent.50}',
      100: '{accent.100}',
      200: '{accent.200}',
      300: '{accent.300}',
      400: '{accent.400}',
      500: '{accent.500}',
      600: '{accent.600}',
      700: '{accent.700}',
      800: '{accent.800}',
      900: '{accent.900}',
      950: '{accent.950}'
    },
    // The same focus visual as the frame's own controls (styles/app.css): 2px in the text colour.
    focusRing: { width: '2px', style: 'solid', color: 'var(--jq-focus)', offset: '1px', shadow: 'none' },
    colorScheme: {
      light: {
        surface: {
          0: '#ffffff',
          50: '#fafafa',
          100: '#f3f3f3',
          200: '#e5e5e5',
          300: '#d1d1d1',
          400: '#a0a0a0',
          500: '#767676',
          600: '#5d5d5d',
          700: '#3f3f3f',
          800: '#2b2b2b',
          900: '#1f1f1f',
          950: '#141414'
        },
        primary: {
          color: '{primary.600}',
          contrastColor: '#ffffff',
          hoverColor: '{primary.700}',
          activeColor: '{primary.800}'
        },
        highlight: {
          background: '{primary.50}',
          focusBackground: '{primary.100}',
          color: '{primary.700}',
          focusColor: '{primary.800}'
        }
      },
      dark: {
        surface: {
          0: '#ffffff',
          50: '#f5f5f5',
          100: '#e0e0e0',
          200: '#c8c8c8',
          300: '#a8a8a8',
          400: '#8a8a8a',
          500: '#6e6e6e',
          600: '#555555',
          700: '#3d3d3d',
          800: '#333333',
          900: '#2b2b2b',
          950: '#1f1f1f'
        },
        primary: {
          color: '{primary.400}',
          contrastColor: '#0a0a0a',
          hoverColor: '{primary.300}',
          activeColor: '{primary.200}'
        },
        highlight: {
          background: 'color-mix(in srgb, {primary.400}, transparent 84%)',
          focusBackground: 'color-mix(in srgb, {primary.400}, transparent 76%)',
          color: 'rgba(255,255,255,.87)',
          focusColor: 'rgba(255,255,255,.87)'
        }
      }
    }
  },
  components: {
    button: {
      root: { label: { fontWeight: '400' } },
      // "secondary" is Fluent's standard button: a light raised surface with a hairline border.
      colorScheme: {
        light: {
          root: {
            secondary: {
              background: '{surface.0}',
              hoverBackground: '{surface.50}',
              activeBackground: '{surface.100}',
              borderColor: '{surface.300}',
              hoverBorderColor: '{surface.300}',
              activeBorderColor: '{surface.200}',
              color: '{surface.900}',
              hoverColor: '{surface.900}',
              activeColor: '{surface.600}',
              focusRing: { color: 'var(--jq-focus)', shadow: 'none' }
            }
          }
        },
        dark: {
          root: {
            secondary: {
              background: '#373737',
              hoverBackground: '#3d3d3d',
              activeBackground: '#323232',
              borderColor: '#464646',
              hoverBorderColor: '#4d4d4d',
              activeBorderColor: '#3d3d3d',
              color: '#ffffff',
              hoverColor: '#ffffff',
              activeColor: '{surface.200}',
              focusRing: { color: 'var(--jq-focus)', shadow: 'none' }
            }
          }
        }
      }
    }
  }
})
